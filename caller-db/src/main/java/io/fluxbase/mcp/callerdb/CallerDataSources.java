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
 * {@link CallerSettings#loginFor}); the server's own pool never runs a caller's statement. Per role, two pools. SQL
 * the kernel built (table reads and writes, file writes) runs on connections that keep their statements prepared on
 * the server: planning a transaction's statements anew took most of its database time. SQL of the project's runs
 * there too (policies, triggers, defaults, views), and could replace a statement kept by name (DEALLOCATE, then
 * PREPARE) to be handed the parameters the server binds to it later; so what carries the log gate's key, and the end
 * of every write, runs on the unnamed statement ({@link JdbcStatements#executeUnnamed}). A function a caller calls
 * runs SQL the caller may choose; those calls run on connections that prepare nothing at all.
 */
public final class CallerDataSources {

    private static final Logger log = LoggerFactory.getLogger(CallerDataSources.class);
    /** PostgreSQL's invalid_sql_statement_name: a statement the driver keeps prepared is gone from the session. */
    private static final String NO_SUCH_STATEMENT = "26000";

    /** A caller transaction on a connection of one of these pools; {@code lastTry} when it will not run again. */
    @FunctionalInterface
    public interface Transaction<T> {
        T run(boolean lastTry) throws SQLException;
    }

    private final Map<String, DataSource> built;
    private final Map<String, DataSource> callerChosen;

    public CallerDataSources(Map<String, DataSource> built, Map<String, DataSource> callerChosen) {
        for (Map<String, DataSource> pools : List.of(built, callerChosen)) {
            if (!pools.keySet().equals(CallerSettings.ROLES)) {
                throw new IllegalArgumentException("a caller pool for each of " + CallerSettings.ROLES
                        + " is needed, got " + pools.keySet());
            }
        }
        this.built = Map.copyOf(built);
        this.callerChosen = Map.copyOf(callerChosen);
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

    /**
     * SQL of the project's (a trigger, a policy, a function) can {@code DEALLOCATE} a statement the driver keeps
     * prepared on a connection of the built-SQL pools, and the next transaction there, whoever it is for, fails on
     * it. So a transaction that fails that way on its first try ({@link #runsAgain}) discards its connection and
     * runs once more, on another; the second try fails as any other would. The first try kept nothing in the
     * database: the failed statement aborted its transaction.
     */
    public static <T> T againIfAStatementWasLost(Transaction<T> transaction) throws SQLException {
        try {
            return transaction.run(false);
        } catch (SQLException e) {
            if (!runsAgain(e, false)) {
                throw e;
            }
            log.warn("a caller connection had lost a statement the driver keeps prepared on it (SQL of the project's"
                    + " can DEALLOCATE it); the connection is discarded and the transaction runs again: {}",
                    e.getMessage());
            return transaction.run(true);
        }
    }

    /**
     * Whether the transaction that failed with {@code failure} runs again: it is not its last try, and its connection
     * lost a statement kept prepared. That connection must then be discarded, not ended and lent again.
     */
    public static boolean runsAgain(SQLException failure, boolean lastTry) {
        return !lastTry && NO_SUCH_STATEMENT.equals(failure.getSQLState());
    }

    public void close() {
        Stream.concat(built.values().stream(), callerChosen.values().stream()).forEach(pool -> {
            if (pool instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("could not close a caller pool", e);
                }
            }
        });
    }

    /** For SQL the kernel built, and nothing else: its statements stay prepared. */
    public DataSource forBuiltSql(String databaseRole) {
        return pool(built, databaseRole);
    }

    /** For a call that may run SQL the caller chose (a function): nothing is prepared on these connections. */
    public DataSource forCallerChosenSql(String databaseRole) {
        return pool(callerChosen, databaseRole);
    }

    private static DataSource pool(Map<String, DataSource> pools, String databaseRole) {
        DataSource dataSource = pools.get(databaseRole);
        if (dataSource == null) {
            throw new IllegalArgumentException("unknown database role '" + databaseRole + "'");
        }
        return dataSource;
    }
}
