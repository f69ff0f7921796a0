package io.fluxbase.mcp.command.clientkey;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyCreatedEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyExpiredEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyRevokedEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyRotatedEvent;
import io.fluxbase.mcp.kernel.clientkey.CreateClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.ExpireClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.KeyStatus;
import io.fluxbase.mcp.kernel.clientkey.RevokeClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.RotateClientKeyCommand;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.jspecify.annotations.Nullable;

/** A client key's lifecycle: created, rotated, then revoked or expired. Decides; never stores the secret. */
@Aggregate
public class ClientKeyAggregate {

    static final String ALREADY_REVOKED = "client key '%s' was already revoked";
    static final String NOT_ACTIVE = "client key '%s' is %s and cannot be rotated; create a new key instead";
    static final String NOT_YET_EXPIRED = "client key '%s' has not reached its expiry";
    static final String NAME_REQUIRED = "name must not be empty";
    static final String SCOPES_REQUIRED = "scopes must name at least one scope";
    static final String RATE_LIMIT_POSITIVE = "rate limit must be a positive number of requests per minute, got %d";

    @AggregateIdentifier
    private String keyId;
    private String name;
    private KeyStatus status;
    private @Nullable Instant expiresAt;

    protected ClientKeyAggregate() {
        // for Axon
    }

    @CommandHandler
    public ClientKeyAggregate(CreateClientKeyCommand command) {
        if (command.name().isBlank()) {
            throw new IllegalArgumentException(NAME_REQUIRED);
        }
        if (command.scopes().isEmpty()) {
            throw new IllegalArgumentException(SCOPES_REQUIRED);
        }
        if (command.rateLimitPerMin() != null && command.rateLimitPerMin() <= 0) {
            throw new IllegalArgumentException(RATE_LIMIT_POSITIVE.formatted(command.rateLimitPerMin()));
        }
        apply(new ClientKeyCreatedEvent(command.keyId(), command.name().strip(), command.type(), command.scopes(),
                command.userId(), command.expiresAt(), command.rateLimitPerMin(), command.keyHash(),
                command.keyPrefix(), Instant.now()));
    }

    @CommandHandler
    public void handle(RevokeClientKeyCommand command) {
        if (status == KeyStatus.REVOKED) {
            throw new IllegalStateException(ALREADY_REVOKED.formatted(name));
        }
        apply(new ClientKeyRevokedEvent(keyId, Instant.now()));
    }

    @CommandHandler
    public void handle(RotateClientKeyCommand command) {
        KeyStatus current = statusAt(Instant.now());
        if (current != KeyStatus.ACTIVE) {
            throw new IllegalStateException(NOT_ACTIVE.formatted(name, current.wireName()));
        }
        apply(new ClientKeyRotatedEvent(keyId, command.keyHash(), command.keyPrefix(), Instant.now()));
    }

    /** Idempotent: the edge sends it whenever it meets an expired key, possibly from several nodes at once. */
    @CommandHandler
    public void handle(ExpireClientKeyCommand command) {
        if (status != KeyStatus.ACTIVE) {
            return;
        }
        if (statusAt(Instant.now()) != KeyStatus.EXPIRED) {
            throw new IllegalStateException(NOT_YET_EXPIRED.formatted(name));
        }
        apply(new ClientKeyExpiredEvent(keyId, Instant.now()));
    }

    private KeyStatus statusAt(Instant now) {
        return KeyStatus.at(status, expiresAt, now);
    }

    @EventSourcingHandler
    void on(ClientKeyCreatedEvent event) {
        keyId = event.keyId();
        name = event.name();
        expiresAt = event.expiresAt();
        status = KeyStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(ClientKeyRevokedEvent event) {
        status = KeyStatus.REVOKED;
    }

    @EventSourcingHandler
    void on(ClientKeyExpiredEvent event) {
        status = KeyStatus.EXPIRED;
    }
}
