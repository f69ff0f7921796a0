package io.fluxbase.mcp.kernel.audit;

import java.util.concurrent.CompletableFuture;

/**
 * Appends call records to the command log. The future completes once the record is durable, so the edge can hold
 * the response until then; it fails when the record could not be written.
 */
public interface CallRecorder {

    CompletableFuture<Void> record(CallRecord record);
}
