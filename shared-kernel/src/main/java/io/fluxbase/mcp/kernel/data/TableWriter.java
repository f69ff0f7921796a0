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

    /** {@code answerSize} gives the record's bytes out: the size of the answer the edge will send. */
    CompletableFuture<WriteResult> write(WriteCommand command, CallRecord draft, AnswerSize answerSize);

    /**
     * A write made on a call's behalf inside it (an edge function's {@code ctx.db}): its change events name the
     * call's id, but it appends no call record, because the call records itself once, when it ends. A refusal is
     * not recorded either; it goes back to the function.
     */
    CompletableFuture<WriteResult> writeWithinCall(WriteCommand command, CallRecord call);
}
