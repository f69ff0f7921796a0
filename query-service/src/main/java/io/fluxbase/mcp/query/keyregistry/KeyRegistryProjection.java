package io.fluxbase.mcp.query.keyregistry;

import static io.fluxbase.mcp.query.readmodel.StorableText.name;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyCreatedEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyExpiredEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyRevokedEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyRotatedEvent;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.query.readmodel.DeadLetters;
import io.fluxbase.mcp.query.readmodel.EventOrigin;
import io.fluxbase.mcp.query.readmodel.GuardedWrites;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The key registry that authentication reads. Written in the processor's transaction, together with its token,
 * and idempotent, so a replay or a rebuild from the log leaves the same rows. Each write is guarded: an event the
 * registry cannot store is set aside rather than holding up every key change after it.
 */
@Component
@ProcessingGroup(KeyRegistryProjection.GROUP)
class KeyRegistryProjection {

    static final String GROUP = "key-registry";

    private final JdbcTemplate jdbc;
    private final GuardedWrites writes;
    private final DeadLetters deadLetters;

    KeyRegistryProjection(JdbcTemplate jdbc, GuardedWrites writes, DeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.deadLetters = deadLetters;
    }

    @EventHandler
    void on(ClientKeyCreatedEvent event, EventMessage<?> message) {
        String[] scopes = event.scopes().stream().map(Scope::wireName).sorted().toArray(String[]::new);
        writes.write(EventOrigin.of(GROUP, message), () -> jdbc.update("""
                INSERT INTO fluxbase.key_registry (key_id, name, key_type, scopes, user_id, key_hash, key_prefix, status,
                    created_at, expires_at, rate_limit_per_min)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)
                ON CONFLICT (key_id) DO NOTHING""",
                name(event.keyId()), name(event.name()), event.type().wireName(), scopes, event.userId(),
                name(event.keyHash()), name(event.keyPrefix()), Timestamp.from(event.createdAt()),
                event.expiresAt() == null ? null : Timestamp.from(event.expiresAt()), event.rateLimitPerMin()));
    }

    @EventHandler
    void on(ClientKeyRevokedEvent event, EventMessage<?> message) {
        writes.write(EventOrigin.of(GROUP, message), () -> jdbc.update(
                "UPDATE fluxbase.key_registry SET status = 'revoked', revoked_at = ? WHERE key_id = ?",
                Timestamp.from(event.revokedAt()), name(event.keyId())));
    }

    @EventHandler
    void on(ClientKeyExpiredEvent event, EventMessage<?> message) {
        writes.write(EventOrigin.of(GROUP, message), () -> jdbc.update(
                "UPDATE fluxbase.key_registry SET status = 'expired' WHERE key_id = ? AND status = 'active'",
                name(event.keyId())));
    }

    @EventHandler
    void on(ClientKeyRotatedEvent event, EventMessage<?> message) {
        writes.write(EventOrigin.of(GROUP, message), () -> jdbc.update(
                "UPDATE fluxbase.key_registry SET key_hash = ?, key_prefix = ? WHERE key_id = ?",
                name(event.keyHash()), name(event.keyPrefix()), name(event.keyId())));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.key_registry");
        deadLetters.forget(GROUP);
    }
}
