package io.fluxbase.mcp.query.keyregistry;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyCreatedEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyExpiredEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyRevokedEvent;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyRotatedEvent;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The key registry that authentication reads. Written in the processor's transaction, together with its token,
 * and idempotent, so a replay or a rebuild from the log leaves the same rows.
 */
@Component
@ProcessingGroup(KeyRegistryProjection.GROUP)
class KeyRegistryProjection {

    static final String GROUP = "key-registry";

    private final JdbcTemplate jdbc;

    KeyRegistryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ClientKeyCreatedEvent event) {
        String[] scopes = event.scopes().stream().map(Scope::wireName).sorted().toArray(String[]::new);
        jdbc.update("""
                INSERT INTO fluxbase.key_registry (key_id, name, key_type, scopes, user_id, key_hash, key_prefix, status,
                    created_at, expires_at, rate_limit_per_min)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)
                ON CONFLICT (key_id) DO NOTHING""",
                event.keyId(), event.name(), event.type().wireName(), scopes, event.userId(), event.keyHash(),
                event.keyPrefix(), Timestamp.from(event.createdAt()),
                event.expiresAt() == null ? null : Timestamp.from(event.expiresAt()), event.rateLimitPerMin());
    }

    @EventHandler
    void on(ClientKeyRevokedEvent event) {
        jdbc.update("UPDATE fluxbase.key_registry SET status = 'revoked', revoked_at = ? WHERE key_id = ?",
                Timestamp.from(event.revokedAt()), event.keyId());
    }

    @EventHandler
    void on(ClientKeyExpiredEvent event) {
        jdbc.update("UPDATE fluxbase.key_registry SET status = 'expired' WHERE key_id = ? AND status = 'active'",
                event.keyId());
    }

    @EventHandler
    void on(ClientKeyRotatedEvent event) {
        jdbc.update("UPDATE fluxbase.key_registry SET key_hash = ?, key_prefix = ? WHERE key_id = ?",
                event.keyHash(), event.keyPrefix(), event.keyId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.key_registry");
    }
}
