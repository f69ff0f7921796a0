package io.fluxbase.mcp.kernel.clientkey;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the registry knows about a presented key. {@code key} is null for an unknown key; {@code requestsInWindow}
 * includes this request and is 0 when the key is not active (inactive keys are not counted).
 */
public record Admission(@Nullable ClientKeyView key, long requestsInWindow, Instant windowEnds) {

    public static Admission unknown(Instant now) {
        return new Admission(null, 0, now);
    }
}
