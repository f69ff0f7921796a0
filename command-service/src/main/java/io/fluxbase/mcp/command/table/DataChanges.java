package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.DeleteRecordsCommand;
import io.fluxbase.mcp.kernel.data.InsertRecordsCommand;
import io.fluxbase.mcp.kernel.data.InvokeRpcCommand;
import io.fluxbase.mcp.kernel.data.RecordsDeletedEvent;
import io.fluxbase.mcp.kernel.data.RecordsInsertedEvent;
import io.fluxbase.mcp.kernel.data.RecordsUpdatedEvent;
import io.fluxbase.mcp.kernel.data.RowChange;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    private record Returned(@Nullable String key, @Nullable String row, @Nullable String all) {
    }

    private final boolean keepValues;

    DataChanges(@Value("${fluxbase.audit.change-values:digest}") String changeValues) {
        this.keepValues = "full".equals(changeValues);
    }

    public Change apply(Connection connection, WriteCommand command, CallRecord draft, long queuedNanos) {
        BoundSql sql;
        try {
            sql = statement(command);
        } catch (UnknownColumnException e) {
            return refused(draft, queuedNanos, new DataAccessRefusal("unknown_column", e.argument(), e.getMessage()));
        } catch (FilterSyntaxError e) {
            return refused(draft, queuedNanos, new DataAccessRefusal("invalid_argument", e.argument(),
                    e.getMessage()));
        } catch (IllegalArgumentException e) {
            return refused(draft, queuedNanos, new DataAccessRefusal("invalid_argument", "arguments",
                    e.getMessage()));
        }
        List<Returned> returned;
        try {
            JdbcStatements.run(connection, CallerSettings.enterCall(command.caller()));
            try {
                returned = execute(connection, sql, command instanceof InvokeRpcCommand);
            } catch (SQLException e) {
                Optional<DataAccessRefusal> refusal = WriteRefusals.translate(e, command);
                if (refusal.isEmpty()) {
                    throw e;
                }
                JdbcStatements.run(connection, CallerSettings.ABANDON_CALL);
                return refused(draft, queuedNanos, refusal.get());
            }
            JdbcStatements.run(connection, CallerSettings.LEAVE_CALL);
        } catch (SQLException e) {
            throw new IllegalStateException("the command log's transaction failed: " + e.getMessage(), e);
        }
        return changed(command, draft, queuedNanos, returned);
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

    private static List<Returned> execute(Connection connection, BoundSql sql, boolean oneColumn)
            throws SQLException {
        List<Returned> rows = new ArrayList<>();
        try (PreparedStatement statement = JdbcStatements.prepare(connection, sql);
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(oneColumn ? new Returned(null, result.getString(1), null)
                        : new Returned(result.getString(1), result.getString(2), result.getString(3)));
            }
        }
        return rows;
    }

    private Change changed(WriteCommand command, CallRecord draft, long queuedNanos, List<Returned> returned) {
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
            changeEvent(command, draft, returned).ifPresent(events::add);
        }
        CallRecord record = draft.finished(CallOutcome.OK, null, null, returned.size(), bytes,
                duration(draft, queuedNanos));
        return new Change(events, record, new WriteResult(returned.size(), rows), null);
    }

    private Optional<Object> changeEvent(WriteCommand command, CallRecord draft, List<Returned> returned) {
        List<RowChange> changes = new ArrayList<>(returned.size());
        for (Returned row : returned) {
            String all = row.all() == null ? "null" : row.all();
            changes.add(new RowChange(row.key(), Digests.sha256(all), keepValues ? all : null));
        }
        String callId = draft.callId();
        String keyId = draft.keyId();
        return Optional.ofNullable(switch (command) {
            case InsertRecordsCommand insert -> {
                Set<String> columns = new LinkedHashSet<>();
                insert.rows().forEach(row -> columns.addAll(row.keySet()));
                yield new RecordsInsertedEvent(insert.table().table().displayName(), List.copyOf(columns), changes,
                        callId, keyId);
            }
            case UpdateRecordsCommand update -> new RecordsUpdatedEvent(update.table().table().displayName(),
                    List.copyOf(update.data().keySet()), changes, callId, keyId);
            case DeleteRecordsCommand delete -> new RecordsDeletedEvent(delete.table().table().displayName(),
                    delete.table().columnNames(), changes, callId, keyId);
            case InvokeRpcCommand ignored -> null;
        });
    }

    private static Change refused(CallRecord draft, long queuedNanos, DataAccessRefusal refusal) {
        CallRecord record = draft.finished(refusal.outcome(), refusal.code(), refusal.getMessage(), 0, 0,
                duration(draft, queuedNanos));
        return new Change(List.of(), record, null, refusal);
    }

    private static double duration(CallRecord draft, long queuedNanos) {
        return draft.durationMs() + (System.nanoTime() - queuedNanos) / 1_000_000.0;
    }
}
