package io.fluxbase.mcp.command.db;

import io.fluxbase.mcp.kernel.audit.ArgumentAudit;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.data.AnswerSize;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.WriteResult;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How a caller write finishes its call's record, for every kind of write (table, function call, file): with the
 * write when it commits, or on its own when the database refused it. The duration counts the time the write waited
 * for its thread.
 */
@Component
public class WriteRecords {

    private final CallRecorder recorder;
    private final ArgumentAudit arguments;

    WriteRecords(CallRecorder recorder, @Value("${fluxbase.audit.arguments:digest}") String auditArguments) {
        this.recorder = recorder;
        this.arguments = ArgumentAudit.parse(auditArguments);
    }

    /** The record that commits with a write that did {@code result}. */
    public CallRecordedEvent written(CallRecord draft, WriteResult result, AnswerSize answerSize, long queuedNanos) {
        return new CallRecordedEvent(draft.finished(CallOutcome.OK, null, null, result.count(),
                answerSize.of(result), duration(draft, queuedNanos)));
    }

    /**
     * Records a refused write on its own (nothing of the write committed), then fails {@code done} with the refusal,
     * or with why the record could not be written.
     */
    public void refused(CallRecord draft, DataAccessRefusal refusal, AnswerSize answerSize, long queuedNanos,
            CompletableFuture<?> done) {
        CallRecord record = draft.finished(refusal.outcome(), refusal.code(),
                arguments.recordedMessage(refusal.getMessage()), 0, answerSize.of(refusal),
                duration(draft, queuedNanos));
        recorder.record(record).whenComplete((durable, error) -> done.completeExceptionally(
                error == null ? refusal : error));
    }

    private static double duration(CallRecord draft, long queuedNanos) {
        return draft.durationMs() + (System.nanoTime() - queuedNanos) / 1_000_000.0;
    }
}
