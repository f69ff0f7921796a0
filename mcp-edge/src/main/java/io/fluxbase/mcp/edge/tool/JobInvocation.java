package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.function.FunctionRuntime;
import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionInvokedEvent;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a job in the function runtime ({@link FunctionInvocations#startJob}): its run, a way to stop it, and
 * the execution record it leaves, as a function's run leaves one (via {@code job}).
 */
public final class JobInvocation {

    private final DeployedFunction function;
    private final CallerFunctionContext ctx;
    private final CompletableFuture<FunctionResponse> running;
    private final CompletableFuture<Void> ended;
    private final long started = System.nanoTime();

    JobInvocation(DeployedFunction function, CallerFunctionContext ctx, FunctionRuntime.Running run) {
        this.function = function;
        this.ctx = ctx;
        this.running = run.result();
        this.ended = run.ended();
    }

    public DeployedFunction function() {
        return function;
    }

    /** Completes with the handler's result as the body, or fails with {@link FunctionFailed}. */
    public CompletableFuture<FunctionResponse> running() {
        return running;
    }

    /**
     * Completes when the run's thread is done: a run stopped in the middle of one long operation has failed already
     * but holds its thread, and its CPU, until that operation returns.
     */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Stops the run: its context is killed and {@link #running()} fails with a cancellation. */
    public void cancel() {
        running.cancel(true);
    }

    /** {@code text} with the function's secrets masked, for errors that are recorded or shown. */
    public String masked(String text) {
        return ctx.masked(text);
    }

    /** The execution record of this run; {@code failure} null when it answered. */
    public FunctionInvokedEvent ran(String callId, Instant time, @Nullable FunctionResponse response,
            @Nullable FunctionFailed failure) {
        if (failure == null && response != null) {
            return new FunctionInvokedEvent(function.name(), function.version(), ctx.keyId(), callId, "job", time,
                    FunctionInvokedEvent.OK, response.status(), null, response.durationMs(), response.bytes(),
                    ctx.logs());
        }
        return new FunctionInvokedEvent(function.name(), function.version(), ctx.keyId(), callId, "job", time,
                failure == null ? "cancelled" : FunctionInvokedEvent.outcomeOf(failure.reason()), null,
                failure == null ? "cancelled" : ctx.masked(failure.getMessage()),
                (System.nanoTime() - started) / 1_000_000.0, 0, ctx.logs());
    }
}
