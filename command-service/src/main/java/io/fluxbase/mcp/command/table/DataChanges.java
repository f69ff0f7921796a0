package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.DeleteRecordsCommand;
import io.fluxbase.mcp.kernel.data.InsertRecordsCommand;
import io.fluxbase.mcp.kernel.data.InvokeRpcCommand;
import io.fluxbase.mcp.kernel.data.UpdateRecordsCommand;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.rpc.FunctionCalls;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.UnknownColumnException;
import io.fluxbase.mcp.kernel.sql.WriteStatements;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Carries out one write inside the command log's transaction: behind a savepoint, under the caller's role and
 * claims, the one statement the kernel built; then back to the server's role. What the statement returned becomes
 * the tool's result, the change event (primary keys, written columns, value digests) and the finished call record.
 * A refusal by PostgreSQL undoes the savepoint and is recorded as the call's outcome.
 */
@Component
public class DataChanges {

    /** What one write produced: the events to append (the call record last), and the caller's answer. */
    public record Change(List<Object> events, CallRecord record, @Nullable WriteResult result,
            @Nullable DataAccessRefusal refusal) {

        public void complete(CompletableFuture<WriteResult> done) {
            if (refusal != null) {
                done.completeExceptionally(refusal);
            } else {
                done.complete(result);
            }
        }
    }

    /** One returned row: key, asked-for columns and whole row (writes), or the value alone (functions). */
    record Returned(@Nullable String key, @Nullable String row, @Nullable String all) {
    }

    private final boolean keepValues;
    // Writes share the command log's one writer: a statement that hangs (a lock, a slow function) must not hold up
    // every other call's record, so each statement of a write is cut off after mcp.write_timeout.
    private final String statementTimeout;

    DataChanges(@Value("${fluxbase.audit.change-values:digest}") String changeValues,
            @Value("${fluxbase.mcp.write-timeout:PT10S}") String writeTimeout) {
        this.keepValues = "full".equals(changeValues);
        this.statementTimeout = "SET LOCAL statement_timeout = " + Duration.parse(writeTimeout).toMillis();
    }

    /** A write waiting in the command log's queue, with its call's draft record. */
    public record Write(WriteCommand command, CallRecord draft, long queuedNanos) {
    }

    /**
     * Carries out a batch's writes in order. They reach PostgreSQL in one round trip, each still behind its own
     * savepoint and under its own role; if PostgreSQL refuses any of them, that round trip is undone and the writes
     * run again one at a time, so that each refusal lands on its own call.
     */
    public List<Change> applyAll(Connection connection, List<Write> writes) {
        Change[] changes = new Change[writes.size()];
        List<Integer> runnable = new ArrayList<>(writes.size());
        List<BoundSql> statements = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            Write write = writes.get(i);
            try {
                statements.add(statement(write.command()));
                runnable.add(i);
            } catch (UnknownColumnException e) {
                changes[i] = refused(write, new DataAccessRefusal("unknown_column", e.argument(), e.getMessage()));
            } catch (FilterSyntaxError e) {
                changes[i] = refused(write, new DataAccessRefusal("invalid_argument", e.argument(),
                        e.getMessage()));
            } catch (IllegalArgumentException e) {
                changes[i] = refused(write, new DataAccessRefusal("invalid_argument", argumentOf(e.getMessage()),
                        e.getMessage()));
            }
        }
        try {
            if (runnable.size() > 1 && pipelined(connection, writes, runnable, statements, changes)) {
                return List.of(changes);
            }
            for (int k = 0; k < runnable.size(); k++) {
                int i = runnable.get(k);
                changes[i] = one(connection, writes.get(i), statements.get(k));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the command log's transaction failed: " + e.getMessage(), e);
        }
        return List.of(changes);
    }

    private boolean pipelined(Connection connection, List<Write> writes, List<Integer> runnable,
            List<BoundSql> statements, Change[] changes) throws SQLException {
        StringBuilder text = new StringBuilder(statementTimeout).append("; SAVEPOINT fluxbase_batch; ");
        List<Object> parameters = new ArrayList<>();
        for (int k = 0; k < runnable.size(); k++) {
            text.append(CallerSettings.enterCall(writes.get(runnable.get(k)).command().caller())).append("; ")
                    .append(JdbcStatements.jdbcText(statements.get(k).text())).append("; ")
                    .append(CallerSettings.LEAVE_CALL).append("; ");
            parameters.addAll(statements.get(k).parameters());
        }
        text.append("RELEASE SAVEPOINT fluxbase_batch");
        List<List<Returned>> results;
        try {
            results = JdbcStatements.results(connection, text.toString(), parameters);
        } catch (SQLException e) {
            JdbcStatements.run(connection, "ROLLBACK TO SAVEPOINT fluxbase_batch; RELEASE SAVEPOINT fluxbase_batch");
            return false;
        }
        // per write three result sets: the role switch, the write, the switch back
        for (int k = 0; k < runnable.size(); k++) {
            int i = runnable.get(k);
            changes[i] = changed(writes.get(i), results.get(3 * k + 1));
        }
        return true;
    }

    private Change one(Connection connection, Write write, BoundSql sql) throws SQLException {
        JdbcStatements.run(connection, statementTimeout + "; " + CallerSettings.enterCall(write.command().caller()));
        List<Returned> returned;
        try {
            returned = JdbcStatements.results(connection, JdbcStatements.jdbcText(sql.text()), sql.parameters())
                    .get(0);
        } catch (SQLException e) {
            Optional<DataAccessRefusal> refusal = WriteRefusals.translate(e, write.command());
            if (refusal.isEmpty()) {
                throw e;
            }
            JdbcStatements.run(connection, CallerSettings.ABANDON_CALL);
            return refused(write, WriteRefusals.withPolicies(refusal.get(), connection, write.command()));
        }
        JdbcStatements.run(connection, CallerSettings.LEAVE_CALL);
        return changed(write, returned);
    }

    /** Kernel messages start with the argument at fault, as in {@code filter: required; ...}. */
    private static String argumentOf(String message) {
        int colon = message.indexOf(':');
        return colon > 0 && message.substring(0, colon).matches("[\\w.\\[\\]]+") ? message.substring(0, colon)
                : "arguments";
    }

    private static BoundSql statement(WriteCommand command) {
        return switch (command) {
            case InsertRecordsCommand insert -> WriteStatements.insert(insert.table(), insert.rows(),
                    insert.returning());
            case UpdateRecordsCommand update -> WriteStatements.update(update.table(), update.data(),
                    update.filter(), update.returning());
            case DeleteRecordsCommand delete -> WriteStatements.delete(delete.table(), delete.filter(),
                    delete.returning());
            case InvokeRpcCommand rpc -> FunctionCalls.call(rpc.function(), rpc.params());
        };
    }

    private Change changed(Write write, List<Returned> returned) {
        WriteCommand command = write.command();
        CallRecord draft = write.draft();
        List<String> rows = new ArrayList<>(returned.size());
        long bytes = 0;
        for (Returned row : returned) {
            if (row.row() != null || command instanceof InvokeRpcCommand) {
                String json = row.row() == null ? "null" : row.row();
                rows.add(json);
                bytes += json.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        List<Object> events = new ArrayList<>(2);
        if (!returned.isEmpty()) {
            ChangeEvents.of(command, draft, returned, keepValues).ifPresent(events::add);
        }
        CallRecord record = draft.finished(CallOutcome.OK, null, null, returned.size(), bytes,
                duration(draft, write.queuedNanos()));
        return new Change(events, record, new WriteResult(returned.size(), rows), null);
    }

    private static Change refused(Write write, DataAccessRefusal refusal) {
        CallRecord record = write.draft().finished(refusal.outcome(), refusal.code(), refusal.getMessage(), 0, 0,
                duration(write.draft(), write.queuedNanos()));
        return new Change(List.of(), record, null, refusal);
    }

    private static double duration(CallRecord draft, long queuedNanos) {
        return draft.durationMs() + (System.nanoTime() - queuedNanos) / 1_000_000.0;
    }
}
