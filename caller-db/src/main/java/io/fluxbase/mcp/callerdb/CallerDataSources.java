package io.fluxbase.mcp.callerdb;

import com.zaxxer.hikari.HikariDataSource;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections a caller's statements run on over JDBC, each logging in as the caller login of the key's role (see
 * {@link CallerSettings#loginFor}); the server's own pool never runs a caller's statement. Per role, one pool for
 * writes and one for table reads: a write may run SQL the caller chose (a function it calls), so its connections
 * prepare nothing on the server; a table read runs only SQL the kernel built, so its connections keep their
 * statements prepared (see the app's CallerPools).
 */
public final class CallerDataSources {

    private static final Logger log = LoggerFactory.getLogger(CallerDataSources.class);

    private final Map<String, DataSource> writes;
    private final Map<String, DataSource> reads;

    public CallerDataSources(Map<String, DataSource> writes, Map<String, DataSource> reads) {
        for (Map<String, DataSource> pools : List.of(writes, reads)) {
            if (!pools.keySet().equals(CallerSettings.ROLES)) {
                throw new IllegalArgumentException("a caller pool for each of " + CallerSettings.ROLES
                        + " is needed, got " + pools.keySet());
            }
        }
        this.writes = Map.copyOf(writes);
        this.reads = Map.copyOf(reads);
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
        Stream.concat(writes.values().stream(), reads.values().stream()).forEach(pool -> {
            if (pool instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("could not close a caller pool", e);
                }
            }
        });
    }

    /** The pool for writes, and for anything else that may run SQL the caller chose. */
    public DataSource forWrites(String databaseRole) {
        return pool(writes, databaseRole);
    }

    /** The pool for reads of kernel-built SQL only. */
    public DataSource forReads(String databaseRole) {
        return pool(reads, databaseRole);
    }

    private static DataSource pool(Map<String, DataSource> pools, String databaseRole) {
        DataSource dataSource = pools.get(databaseRole);
        if (dataSource == null) {
            throw new IllegalArgumentException("unknown database role '" + databaseRole + "'");
        }
        return dataSource;
    }
}
