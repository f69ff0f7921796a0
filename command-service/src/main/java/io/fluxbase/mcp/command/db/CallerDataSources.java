package io.fluxbase.mcp.command.db;

import io.fluxbase.mcp.kernel.caller.CallerSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections a caller's writes run on: one pool per key role, each logging in as that role's caller login
 * (see {@link CallerSettings#loginFor}). The server's own pool never runs a caller's statement.
 */
public final class CallerDataSources {

    private static final Logger log = LoggerFactory.getLogger(CallerDataSources.class);

    private final Map<String, DataSource> byRole;

    public CallerDataSources(Map<String, DataSource> byRole) {
        if (!byRole.keySet().equals(CallerSettings.ROLES)) {
            throw new IllegalArgumentException("a caller pool for each of " + CallerSettings.ROLES
                    + " is needed, got " + byRole.keySet());
        }
        this.byRole = Map.copyOf(byRole);
    }

    /** Takes a connection out of its pool for good: its session is in a state no one else may inherit. */
    public static void discard(DataSource pool, Connection connection) {
        try {
            if (pool instanceof HikariDataSource hikari) {
                hikari.evictConnection(connection);
            } else {
                connection.abort(Runnable::run);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("could not discard a caller connection", e);
        }
    }

    public void close() {
        byRole.values().forEach(pool -> {
            if (pool instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("could not close a caller pool", e);
                }
            }
        });
    }

    public DataSource forRole(String databaseRole) {
        DataSource dataSource = byRole.get(databaseRole);
        if (dataSource == null) {
            throw new IllegalArgumentException("unknown database role '" + databaseRole + "'");
        }
        return dataSource;
    }
}
