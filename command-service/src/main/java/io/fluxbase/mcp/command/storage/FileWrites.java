package io.fluxbase.mcp.command.storage;

import io.fluxbase.mcp.callerdb.CallerDataSources;
import io.fluxbase.mcp.callerdb.CallerTrip;
import io.fluxbase.mcp.callerdb.CallerWorkers;
import io.fluxbase.mcp.callerdb.JdbcStatements;
import io.fluxbase.mcp.command.db.WriteRecords;
import io.fluxbase.mcp.command.log.CapturedChanges;
import io.fluxbase.mcp.command.log.CommandLogGate;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CommandLogUnavailable;
import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.data.AnswerSize;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.storage.BucketAdmin;
import io.fluxbase.mcp.kernel.storage.DeleteFilesCommand;
import io.fluxbase.mcp.kernel.storage.FileWriter;
import io.fluxbase.mcp.kernel.storage.UploadFileCommand;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * upload_file and delete_file, each in a transaction of its own on a caller login's connection, as the table writes
 * are: the file's statements under the key's role (so storage policies decide), then the events the change capture
 * made of them (the files', and those of rows a project's triggers changed meanwhile) and the call's record through
 * the log gate, the session reset and COMMIT. A refusal is rolled back and recorded on its own before the caller
 * hears of it.
 */
@Component
class FileWrites implements FileWriter {

    private static final Logger log = LoggerFactory.getLogger(FileWrites.class);
    /** BEGIN and the role switch (with the statement timeout) answer before the file's statements. */
    private static final int OPENING_RESULTS = 2;
    /** The table whose captured changes are the files' events. */
    private static final String FILES = "storage.objects";

    private interface Work {
        WriteResult run(Connection connection, CallRecord draft, AnswerSize answerSize, long queued)
                throws SQLException;
    }

    private final CallerDataSources callers;
    private final WriteRecords records;
    private final CommandLogGate gate;
    private final ContentPlacement placement;
    private final BucketAdmin buckets;
    private final Duration timeout;
    private final CallerWorkers workers;

    FileWrites(CallerDataSources callers, CallerWorkers workers, WriteRecords records, CommandLogGate gate,
            ContentPlacement placement, BucketAdmin buckets,
            @Value("${fluxbase.mcp.write-timeout:PT10S}") String writeTimeout) {
        this.callers = callers;
        this.workers = workers;
        this.records = records;
        this.gate = gate;
        this.placement = placement;
        this.buckets = buckets;
        this.timeout = Duration.parse(writeTimeout);
    }

    /** The content is placed (with S3: stored) before a connection is taken, so no connection waits on the store. */
    @Override
    public CompletableFuture<WriteResult> upload(UploadFileCommand command, CallRecord draft, AnswerSize answerSize) {
        return submit(command.caller(), draft, answerSize, () -> {
            String sha256 = Digests.sha256(command.content());
            byte[] kept = placement.place(sha256, command.content());
            return (connection, record, size, queued) -> uploaded(connection, command, sha256, kept, record, size,
                    queued);
        });
    }

    @Override
    public CompletableFuture<WriteResult> delete(DeleteFilesCommand command, CallRecord draft, AnswerSize answerSize) {
        return submit(command.caller(), draft, answerSize, () -> (connection, record, size, queued) ->
                deleted(connection, command, record, size, queued));
    }

    private CompletableFuture<WriteResult> submit(Caller caller, CallRecord draft, AnswerSize answerSize,
            Supplier<Work> work) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        long queued = System.nanoTime();
        if (!workers.execute(() -> carryOut(caller, draft, answerSize, queued, work, done))) {
            done.completeExceptionally(new IllegalStateException("the server is stopping and takes no more writes"));
        }
        return done;
    }

    private void carryOut(Caller caller, CallRecord draft, AnswerSize answerSize, long queued, Supplier<Work> prepared,
            CompletableFuture<WriteResult> done) {
        try {
            Work work = prepared.get();
            DataSource pool = callers.forBuiltSql(caller.databaseRole());
            done.complete(CallerDataSources.againIfAStatementWasLost(
                    lastTry -> written(pool, work, draft, answerSize, queued)));
        } catch (DataAccessRefusal refusal) {
            records.refused(draft, refusal, answerSize, queued, done);
        } catch (RuntimeException | SQLException e) {
            log.error("a file write could not be carried out; nothing of it was committed", e);
            done.completeExceptionally(e instanceof SQLException
                    ? new IllegalStateException("the database failed the write: " + e.getMessage(), e) : e);
        }
    }

    private static WriteResult written(DataSource pool, Work work, CallRecord draft, AnswerSize answerSize,
            long queued) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            boolean ended = false;
            try {
                WriteResult result = work.run(connection, draft, answerSize, queued);
                ended = true;
                return result;
            } catch (DataAccessRefusal refusal) {
                ended = true; // refusals are rolled back where they are found
                throw refusal;
            } finally {
                if (!ended) {
                    // a transaction in an unknown state (or a connection that lost a statement kept prepared on it)
                    // must never be lent to another caller
                    CallerDataSources.discard(pool, connection);
                }
            }
        }
    }

    private WriteResult uploaded(Connection connection, UploadFileCommand command, String sha256,
            byte @Nullable [] kept, CallRecord draft, AnswerSize answerSize, long queued) throws SQLException {
        List<Object> parameters = new ArrayList<>(List.of(sha256, (long) command.content().length));
        if (kept != null) {
            parameters.add(kept);
        }
        parameters.addAll(List.of(command.bucket(), command.path(), (long) command.content().length,
                command.contentType(), sha256));
        List<JdbcStatements.Outcome> outcomes = opened(connection, command.caller(),
                (kept != null ? FileStatements.ADD_CONTENT : FileStatements.REGISTER_CONTENT) + "; "
                        + (command.upsert() ? FileStatements.ADD_OR_REPLACE_FILE : FileStatements.ADD_FILE),
                parameters, command.bucket(), command.path());
        String file = outcomes.get(OPENING_RESULTS + 1).rows().get(0)[0];
        return committed(connection, draft, new WriteResult(1, List.of(file)), answerSize, queued);
    }

    private WriteResult deleted(Connection connection, DeleteFilesCommand command, CallRecord draft,
            AnswerSize answerSize, long queued) throws SQLException {
        List<JdbcStatements.Outcome> outcomes = opened(connection, command.caller(), FileStatements.BUCKET_EXISTS
                        + "; " + FileStatements.REMOVE_FILES,
                List.of(command.bucket(), command.bucket(), command.paths().toArray(String[]::new)),
                command.bucket(), command.paths().getFirst());
        if (!"t".equals(outcomes.get(OPENING_RESULTS).rows().get(0)[0])) {
            JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
            throw DataAccessRefusal.unknownBucket(command.bucket(), bucketNames());
        }
        List<String> removed = new ArrayList<>();
        for (String[] row : outcomes.get(OPENING_RESULTS + 1).rows()) {
            removed.add(row[0]);
        }
        return committed(connection, draft, new WriteResult(removed.size(), removed), answerSize, queued);
    }

    /** Opens the transaction under the key's role and runs {@code statements}; a refusal is rolled back here. */
    private List<JdbcStatements.Outcome> opened(Connection connection, Caller caller, String statements,
            List<Object> parameters, String bucket, String path) throws SQLException {
        try {
            return CallerTrip.write(caller, timeout).then(statements, parameters)
                    .then(CallerSettings.WRITE_STATEMENTS_DONE).execute(connection);
        } catch (SQLException e) {
            JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
            throw StorageRefusals.translate(e, bucket, path, this::bucketNames).orElseThrow(() -> e);
        }
    }

    private WriteResult committed(Connection connection, CallRecord draft, WriteResult result, AnswerSize answerSize,
            long queued) throws SQLException {
        List<Object> events = new ArrayList<>(changes(connection, draft, result));
        events.add(records.written(draft, result, answerSize, queued));
        try {
            gate.appendAndCommit(connection, events);
        } catch (SQLException e) {
            JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
            throw StorageRefusals.ofChangesSetOff(e).orElseThrow(() -> new CommandLogUnavailable(e));
        }
        return result;
    }

    /**
     * The file events of the write, and the change events of the rows a project's trigger (or a function its policies
     * call) changed in user tables meanwhile, all from the change capture; the write is refused when they cannot be
     * recorded.
     */
    private List<Object> changes(Connection connection, CallRecord draft, WriteResult result) throws SQLException {
        CapturedChanges changes;
        try {
            changes = gate.takeChanges(connection);
        } catch (SQLException e) {
            JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
            throw StorageRefusals.ofChangesSetOff(e).orElseThrow(() -> e);
        }
        if (result.count() > 0 && !changes.covers(FILES)) {
            JdbcStatements.run(connection, CallerSettings.ABANDON_WRITE);
            throw new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, "path", "path: changes to storage.objects cannot be"
                    + " recorded in the command log just now (its change-capture triggers are missing; the server"
                    + " puts them back at its start and after fluxbase db apply); nothing was changed. Call again"
                    + " later, or ask the server's owner to restart it");
        }
        return changes.events(draft);
    }

    /** Bucket names are the project's configuration, not a caller's data: read with the server's own rights. */
    private List<String> bucketNames() {
        return buckets.names();
    }
}
