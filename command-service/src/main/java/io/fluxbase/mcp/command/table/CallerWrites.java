package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.callerdb.CallerDataSources;
import io.fluxbase.mcp.callerdb.CallerTrip;
import io.fluxbase.mcp.callerdb.CallerWorkers;
import io.fluxbase.mcp.callerdb.JdbcStatements;
import io.fluxbase.mcp.command.db.WriteRecords;
import io.fluxbase.mcp.command.db.CaptureTriggers;
import io.fluxbase.mcp.command.log.CapturedChanges;
import io.fluxbase.mcp.command.log.CommandLogGate;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CommandLogUnavailable;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.data.AnswerSize;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.InvokeRpcCommand;
import io.fluxbase.mcp.kernel.data.TableWriteCommand;
import io.fluxbase.mcp.kernel.data.TableWriter;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Carries out each write in a transaction of its own, on a connection of the caller login for the key's role (never
 * the server's own login), in two round trips:
 * <ol>
 *   <li>open under the key's role and claims, run the one statement the kernel built and the deferred triggers it
 *       set off, go back to the login's own settings and take what the capture triggers recorded of the rows they
 *       changed;</li>
 *   <li>append the change events and the finished call record through the log gate, reset the session, COMMIT.</li>
 * </ol>
 * So the change, its events and its record commit together or not at all, and nothing the statement (or a function
 * it calls) does can reach the command log or outlive the transaction on the connection. A refusal by PostgreSQL is
 * rolled back and recorded on its own, before the caller hears of it.
 */
@Component
class CallerWrites implements TableWriter {

    private static final Logger log = LoggerFactory.getLogger(CallerWrites.class);
    /** BEGIN and the role switch (with the statement timeout) answer before the caller's statement. */
    private static final int OPENING_RESULTS = 2;

    private final CallerDataSources callers;
    private final WriteRecords records;
    private final CommandLogGate gate;
    private final CaptureTriggers triggers;
    private final Duration timeout;
    private final FunctionCallShares shares;
    private final CallerWorkers workers;
    /** The most bytes of rows a write or a function call may answer with (mcp.max_result_bytes). */
    private final long answerCap;

    CallerWrites(CallerDataSources callers, WriteRecords records, CommandLogGate gate, CaptureTriggers triggers,
            CallerWorkers workers,
            @Value("${fluxbase.mcp.write-timeout:PT10S}") String writeTimeout,
            @Value("${fluxbase.rpc.max-concurrent-per-key:4}") int functionCallsPerKey,
            @Value("${fluxbase.mcp.max-result-bytes:524288}") long answerCap) {
        this.callers = callers;
        this.workers = workers;
        this.records = records;
        this.gate = gate;
        this.triggers = triggers;
        this.timeout = Duration.parse(writeTimeout);
        this.shares = new FunctionCallShares(functionCallsPerKey);
        this.answerCap = answerCap;
    }

    @Override
    public CompletableFuture<WriteResult> write(WriteCommand command, CallRecord draft, AnswerSize answerSize) {
        return submit(command, draft, answerSize, true);
    }

    @Override
    public CompletableFuture<WriteResult> writeWithinCall(WriteCommand command, CallRecord call) {
        return submit(command, call, AnswerSize.NONE, false);
    }

    private CompletableFuture<WriteResult> submit(WriteCommand command, CallRecord draft, AnswerSize answerSize,
            boolean recordCall) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        long queued = System.nanoTime();
        if (!workers.execute(() -> carryOut(command, draft, answerSize, queued, recordCall, done))) {
            done.completeExceptionally(closed());
        }
        return done;
    }

    private void carryOut(WriteCommand command, CallRecord draft, AnswerSize answerSize, long queued,
            boolean recordCall, CompletableFuture<WriteResult> done) {
        boolean shared = false;
        try {
            if (command instanceof InvokeRpcCommand) {
                shares.take(command.caller().keyId());
                shared = true;
            }
            done.complete(written(command, draft, answerSize, queued, recordCall));
        } catch (DataAccessRefusal refusal) {
            if (!recordCall) {
                done.completeExceptionally(refusal); // the call it belongs to records how it ended
                return;
            }
            records.refused(draft, refusal, answerSize, queued, done);
        } catch (RuntimeException | SQLException e) {
            log.error("a write could not be carried out; nothing of it was committed", e);
            done.completeExceptionally(e instanceof SQLException
                    ? new IllegalStateException("the database failed the write: " + e.getMessage(), e) : e);
        } finally {
            if (shared) {
                shares.give(command.caller().keyId());
            }
        }
    }

    private WriteResult written(WriteCommand command, CallRecord draft, AnswerSize answerSize, long queued,
            boolean recordCall) throws SQLException {
        BoundSql sql = WriteSql.of(command, answerCap);
        Optional<WriteResult> result = attempt(command, sql, draft, answerSize, queued, recordCall);
        if (result.isPresent()) {
            return result.get();
        }
        // The statement changed rows of a table without capture triggers (made after the server started, by SQL
        // it did not see): put them on, as the table's owner, and run the write again, now with its change event.
        TableWriteCommand write = (TableWriteCommand) command;
        if (triggers.capture(write.table().table())) {
            result = attempt(command, sql, draft, answerSize, queued, recordCall);
        }
        return result.orElseThrow(() -> new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, "table", "table: changes to "
                + write.table().table().displayName() + " cannot be recorded in the command log (the server may not"
                + " put its change-capture triggers on it); nothing was changed. Ask the database owner to create the"
                + " table through fluxbase db apply, or to grant the server's login TRIGGER on it"));
    }

    /**
     * One try (run again on another connection if its own had lost a statement kept prepared on it); empty when a
     * table write's own table changed without its changes being captured.
     */
    private Optional<WriteResult> attempt(WriteCommand command, BoundSql sql, CallRecord draft,
            AnswerSize answerSize, long queued, boolean recordCall) throws SQLException {
        return CallerDataSources.againIfAStatementWasLost(
                lastTry -> attemptOnce(command, sql, draft, answerSize, queued, recordCall, lastTry));
    }

    private Optional<WriteResult> attemptOnce(WriteCommand command, BoundSql sql, CallRecord draft,
            AnswerSize answerSize, long queued, boolean recordCall, boolean lastTry) throws SQLException {
        // a function a caller calls may run SQL of the caller's choosing: never beside prepared statements
        String role = command.caller().databaseRole();
        boolean prepared = !(command instanceof InvokeRpcCommand);
        DataSource pool = prepared ? callers.forBuiltSql(role) : callers.forCallerChosenSql(role);
        try (Connection connection = pool.getConnection()) {
            boolean ended = false;
            try {
                List<JdbcStatements.Outcome> outcomes;
                CapturedChanges changes;
                try {
                    outcomes = CallerTrip.write(command.caller(), timeout).then(sql)
                            .then(CallerSettings.WRITE_STATEMENTS_DONE).execute(connection);
                    changes = gate.takeChanges(connection);
                } catch (SQLException e) {
                    if (prepared && CallerDataSources.runsAgain(e, lastTry)) {
                        throw e; // the connection is discarded below, and the write runs again on another
                    }
                    JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
                    Optional<DataAccessRefusal> refusal = refusalOf(e, connection, command, sql);
                    ended = true;
                    if (refusal.isPresent()) {
                        throw refusal.get();
                    }
                    throw e;
                }
                WriteResult result;
                try {
                    result = WriteSql.result(command, outcomes.get(OPENING_RESULTS), answerCap);
                } catch (DataAccessRefusal tooLarge) {
                    JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
                    ended = true;
                    throw tooLarge;
                }
                if (command instanceof TableWriteCommand write && result.count() > 0
                        && !changes.covers(write.table().table().displayName())) {
                    JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
                    ended = true;
                    return Optional.empty();
                }
                List<Object> events = new ArrayList<>(changes.events(draft));
                if (recordCall) {
                    events.add(records.written(draft, result, answerSize, queued));
                }
                try {
                    gate.appendAndCommit(connection, events);
                    ended = true;
                } catch (SQLException e) {
                    JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
                    ended = true;
                    throw commitRefusalOf(e, command);
                }
                return Optional.of(result);
            } finally {
                if (!ended) {
                    // a transaction in an unknown state must never be lent to another caller
                    CallerDataSources.discard(pool, connection);
                }
            }
        }
    }

    /**
     * A refusal the caller can act on, told in full (which policy, which argument); empty when the error is not the
     * caller's doing. What tells it in full runs after the refused write was rolled back, in a read-only transaction
     * of the key's role and claims that is rolled back too: casting a value again runs its type's own code (a domain's
     * check may call the project's functions), which must neither write nor leave a setting on the connection.
     */
    private Optional<DataAccessRefusal> refusalOf(SQLException error, Connection connection, WriteCommand command,
            BoundSql sql) throws SQLException {
        Optional<DataAccessRefusal> refusal = WriteRefusals.translate(error, command);
        if (refusal.isEmpty() || !WriteRefusals.toldFromTheDatabase(refusal.get(), error)) {
            return refusal;
        }
        return CallerTrip.read(command.caller(), timeout).lookAndRollBack(connection, inRead -> {
            try {
                return Optional.of(WriteRefusals.namingTheValue(
                        WriteRefusals.withPolicies(refusal.get(), inRead, command), error, inRead, sql));
            } catch (SQLException e) {
                log.warn("a refused write could not be told in full; it is told as PostgreSQL refused it", e);
                return refusal;
            }
        });
    }

    /**
     * At COMMIT only deferred constraints, and deferred work that wrote too late to be recorded, are the caller's
     * doing; anything else means the log could not take the write's events and record, so nothing of it was kept.
     */
    private static RuntimeException commitRefusalOf(SQLException error, WriteCommand command) {
        String state = error.getSQLState();
        if (state != null && (state.startsWith("23") || "FBLAT".equals(state))) {
            Optional<DataAccessRefusal> refusal = WriteRefusals.translate(error, command);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        return new CommandLogUnavailable(error);
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("the server is stopping and takes no more writes");
    }
}
