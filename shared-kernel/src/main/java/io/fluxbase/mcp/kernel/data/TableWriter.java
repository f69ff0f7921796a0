package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import java.util.concurrent.CompletableFuture;

/**
 * Carries out writes under the caller's role. The write, its change events and its call record commit in one
 * transaction; {@code draft} is the call's record, finished with the outcome before it is appended. The future
 * completes once all of it is durable, or exceptionally: with {@link DataAccessRefusal} when the database refused
 * the write (the record of that refusal is durable then too), with anything else when nothing was committed.
 */
public interface TableWriter {

    CompletableFuture<WriteResult> write(WriteCommand command, CallRecord draft);

    /**
     * As {@link #write(WriteCommand, CallRecord)}, with the size of the answer the record's bytes out should hold.
     * A writer that finishes records itself overrides this and asks {@code answerSize} while it finishes the record;
     * one that does not yet records its own estimate.
     */
    default CompletableFuture<WriteResult> write(WriteCommand command, CallRecord draft, AnswerSize answerSize) {
        return write(command, draft);
    }
}
