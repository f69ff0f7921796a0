package io.fluxbase.mcp.kernel.clientkey;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A key as the registry shows it: never the secret, only its prefix. */
public record ClientKeyView(
        String id,
        String name,
        KeyType type,
        Set<Scope> scopes,
        @Nullable UUID userId,
        String prefix,
        KeyStatus status,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant revokedAt,
        @Nullable Instant lastUsedAt,
        @Nullable Integer rateLimitPerMin) {

    public ClientKeyView {
        scopes = Set.copyOf(scopes);
    }

    public KeyStatus statusAt(Instant now) {
        return KeyStatus.at(status, expiresAt, now);
    }

    public boolean holds(Scope scope) {
        return scopes.contains(scope);
    }

    /** The database role calls made with this key run as (DESIGN §4). */
    public String databaseRole() {
        if (type == KeyType.SERVICE) {
            return "service_role";
        }
        return userId == null ? "anon" : "authenticated";
    }
}
