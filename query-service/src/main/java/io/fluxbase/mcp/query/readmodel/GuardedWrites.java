package io.fluxbase.mcp.query.readmodel;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read-model writes that one bad record cannot stall. A refused statement aborts the whole PostgreSQL transaction,
 * and a tracking processor then retries the batch forever; so each write runs behind a savepoint, and when
 * PostgreSQL refuses the record's values, only that write is undone and its event set aside in
 * {@link DeadLetters}. Failures of the database itself (a lost connection) still fail the batch, to be retried.
 */
@Component
public class GuardedWrites {

    private final JdbcTemplate jdbc;
    private final DeadLetters deadLetters;
    private final TransactionTemplate savepoint;

    GuardedWrites(JdbcTemplate jdbc, DeadLetters deadLetters, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
        this.savepoint = new TransactionTemplate(transactions);
        // inside the processor's transaction, NESTED is a savepoint
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Runs {@code write}; returns false when it was undone and its event set aside. */
    public boolean write(EventOrigin origin, Runnable write) {
        return attempt(origin, write) == null;
    }

    /**
     * Inserts many events' rows in one statement batch (one round trip for a busy log). If PostgreSQL refuses the
     * batch, the rows go in one by one, so that only the events whose rows are refused are set aside.
     */
    public void insertAll(String sql, List<PendingRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> values = rows.stream().map(PendingRow::values).toList();
        ProjectionCommit.withoutFlushWait(jdbc);
        try {
            savepoint.executeWithoutResult(status -> jdbc.batchUpdate(sql, values));
            return;
        } catch (RuntimeException failure) {
            if (!StoreFailures.isAboutTheRecord(failure)) {
                throw failure;
            }
        }
        for (PendingRow row : rows) {
            RuntimeException failure = attempt(row.origin(), () -> jdbc.update(sql, row.values()));
            if (failure != null) {
                row.whenSetAside().accept(StoreFailures.describe(failure));
            }
        }
    }

    /** The failure for which the write was undone and its event set aside, or null when it was written. */
    private @Nullable RuntimeException attempt(EventOrigin origin, Runnable write) {
        try {
            savepoint.executeWithoutResult(status -> write.run());
            return null;
        } catch (RuntimeException failure) {
            if (!StoreFailures.isAboutTheRecord(failure)) {
                throw failure;
            }
            deadLetters.setAside(origin, failure);
            return failure;
        }
    }
}
