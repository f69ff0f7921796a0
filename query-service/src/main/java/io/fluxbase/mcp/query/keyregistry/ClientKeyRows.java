package io.fluxbase.mcp.query.keyregistry;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.KeyStatus;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.r2dbc.spi.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Maps key_registry rows to views; one column list shared by every query that reads keys. */
final class ClientKeyRows {

    static final String COLUMNS = "key_id, name, key_type, scopes, user_id, key_prefix, status, created_at, "
            + "expires_at, revoked_at, rate_limit_per_min";

    /**
     * The registry with last_used_at taken from the audit log (newest MCP call of the key, found by the
     * (key_id, time) index), so calls need no write to the registry.
     */
    static final String WITH_LAST_USE = "SELECT r.*, (SELECT max(a.time) FROM fluxbase.audit_log a"
            + " WHERE a.key_id = r.key_id AND a.category = 'mcp') AS last_used_at FROM fluxbase.key_registry r";

    private ClientKeyRows() {
    }

    static ClientKeyView view(Row row) {
        return new ClientKeyView(
                row.get("key_id", String.class),
                row.get("name", String.class),
                KeyType.parse(row.get("key_type", String.class)),
                Scope.parseAll(List.of(row.get("scopes", String[].class))),
                row.get("user_id", UUID.class),
                row.get("key_prefix", String.class),
                KeyStatus.valueOf(row.get("status", String.class).toUpperCase(Locale.ROOT)),
                instant(row.get("created_at", OffsetDateTime.class)),
                instant(row.get("expires_at", OffsetDateTime.class)),
                instant(row.get("revoked_at", OffsetDateTime.class)),
                row.getMetadata().contains("last_used_at") ? instant(row.get("last_used_at", OffsetDateTime.class))
                        : null,
                row.get("rate_limit_per_min", Integer.class));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
