package io.fluxbase.mcp.kernel.audit;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Appends call records to the command log. The future completes once the record is durable, so the edge can hold
 * the response until then; it fails when the record could not be written.
 */
public interface CallRecorder {

    default CompletableFuture<Void> record(CallRecord record) {
        return record(record, List.of());
    }

    /**
     * Appends the record and the events that tell what the call did (a function's run, say) in one commit: the log
     * never holds one without the other.
     */
    CompletableFuture<Void> record(CallRecord record, List<?> alongside);
}
