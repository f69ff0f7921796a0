package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.kernel.caller.Caller;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A job the server brings along, submitted with submit_job like a deployed one: it checks its payload at submission
 * and runs on a job worker as its submitter, reporting progress as a deployed job's {@code ctx.progress} does.
 */
public interface BuiltInJob {

    String name();

    int maxAttempts();

    /** Whether keys may submit it with submit_job (and it is listed to them); the server's own jobs are not. */
    default boolean submittable() {
        return true;
    }

    Duration backoff();

    /** An attempt that runs longer than this is stopped and counts as failed. */
    Duration timeout();

    /** At submission: throws IllegalArgumentException naming the payload's field (or the key's scope) at fault. */
    void check(Caller caller, @Nullable Object payload);

    /** Runs one attempt; completes with the job's result (a JSON-able value). Cancelling the future stops it. */
    CompletableFuture<Map<String, Object>> run(Caller caller, @Nullable Object payload,
            BiFunction<Integer, String, CompletableFuture<Void>> progress);
}
