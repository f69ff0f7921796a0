package io.fluxbase.mcp.kernel.clientkey;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

public enum KeyStatus {
    ACTIVE, REVOKED, EXPIRED;

    /** The status as of {@code now}: an active key past its expiry is expired before any event says so. */
    public static KeyStatus at(KeyStatus recorded, @Nullable Instant expiresAt, Instant now) {
        if (recorded == ACTIVE && expiresAt != null && !expiresAt.isAfter(now)) {
            return EXPIRED;
        }
        return recorded;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
