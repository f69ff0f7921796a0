package io.fluxbase.mcp.kernel.clientkey;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

@Revision("1")
public record ClientKeyCreatedEvent(
        String keyId,
        String name,
        KeyType type,
        Set<Scope> scopes,
        @Nullable UUID userId,
        @Nullable Instant expiresAt,
        @Nullable Integer rateLimitPerMin,
        String keyHash,
        String keyPrefix,
        Instant createdAt) {
}
