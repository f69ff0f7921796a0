package io.fluxbase.mcp.query.readmodel;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Tells a record that cannot be stored (set it aside, move on) from a database that is not there right now (leave
 * the batch to the processor, which tries it again). Only the first kind may be set aside: setting records aside
 * while the connection is down would empty the read model of everything written during the outage.
 */
final class StoreFailures {

    /**
     * SQLSTATE classes that blame the statement's values: 22 data exception (invalid byte sequence, value too long),
     * 23 integrity constraint violation, 54 program limit exceeded (a value too big for an index).
     */
    private static final Set<String> ABOUT_THE_RECORD = Set.of("22", "23", "54");

    private StoreFailures() {
    }

    /**
     * True when trying the same record again cannot help: PostgreSQL refused its values, or a handler failed on it
     * without the database being involved at all.
     */
    static boolean isAboutTheRecord(Throwable failure) {
        String state = sqlState(failure);
        if (state != null) {
            return state.length() >= 2 && ABOUT_THE_RECORD.contains(state.substring(0, 2));
        }
        return causes(failure).stream().noneMatch(cause -> cause instanceof SQLException
                || cause instanceof DataAccessException || cause instanceof TransactionException);
    }

    /** What went wrong, as the dead letter and the audit log's placeholder show it. */
    static String describe(Throwable failure) {
        SQLException sql = firstSqlError(failure);
        if (sql != null) {
            return "SQLSTATE " + sql.getSQLState() + ": " + sql.getMessage();
        }
        Throwable root = causes(failure).getLast();
        return root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    static @Nullable String sqlState(Throwable failure) {
        SQLException sql = firstSqlError(failure);
        return sql == null ? null : sql.getSQLState();
    }

    /**
     * The first SQL error with a SQLSTATE. A batch error's own message quotes the whole statement with its values;
     * the driver puts the server's error in its next exception, so that one is preferred.
     */
    private static @Nullable SQLException firstSqlError(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof SQLException sql) {
                SQLException next = sql.getNextException();
                if (next != null && next.getSQLState() != null) {
                    return next;
                }
                if (sql.getSQLState() != null) {
                    return sql;
                }
            }
        }
        return null;
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
