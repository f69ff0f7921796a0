package io.fluxbase.mcp.kernel.clientkey;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

public record CreateClientKeyCommand(
        @TargetAggregateIdentifier String keyId,
        String name,
        KeyType type,
        Set<Scope> scopes,
        @Nullable UUID userId,
        @Nullable Instant expiresAt,
        @Nullable Integer rateLimitPerMin,
        String keyHash,
        String keyPrefix) {

    public CreateClientKeyCommand {
        scopes = Set.copyOf(scopes);
    }
}
