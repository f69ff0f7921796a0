package io.fluxbase.mcp.query.db;

import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.r2dbc.spi.ConnectionFactory;
import java.util.Map;
import reactor.core.Disposable;

/**
 * The connections a caller's reads run on: one pool per key role, each logging in as that role's caller login
 * (see {@link CallerSettings#loginFor}). The server's own pool never runs a caller's statement.
 */
public final class CallerConnectionFactories {

    private final Map<String, ConnectionFactory> byRole;

    public CallerConnectionFactories(Map<String, ConnectionFactory> byRole) {
        if (!byRole.keySet().equals(CallerSettings.ROLES)) {
            throw new IllegalArgumentException("a caller pool for each of " + CallerSettings.ROLES
                    + " is needed, got " + byRole.keySet());
        }
        this.byRole = Map.copyOf(byRole);
    }

    public void close() {
        byRole.values().forEach(pool -> {
            if (pool instanceof Disposable disposable) {
                disposable.dispose();
            }
        });
    }

    public ConnectionFactory forRole(String databaseRole) {
        ConnectionFactory factory = byRole.get(databaseRole);
        if (factory == null) {
            throw new IllegalArgumentException("unknown database role '" + databaseRole + "'");
        }
        return factory;
    }
}
