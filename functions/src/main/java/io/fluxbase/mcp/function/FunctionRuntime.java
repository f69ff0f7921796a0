package io.fluxbase.mcp.function;

import io.fluxbase.mcp.kernel.function.FunctionCode;
import io.fluxbase.mcp.kernel.function.FunctionContext;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionFailed.Reason;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs edge functions: {@code await handler(req, ctx)} of a function's ES module, in a GraalJS sandbox.
 *
 * <p><b>One fresh context per invocation, one shared engine.</b> Every call gets a new {@link
 * org.graalvm.polyglot.Context} and evaluates the module in it, so nothing a function keeps at module level (a
 * counter, a cache, a patched prototype) survives into the next caller's call, and a context that timed out or hit a
 * limit is simply dropped. What pooling would save is kept anyway: the shared {@link org.graalvm.polyglot.Engine}
 * caches the parse of each version's {@link org.graalvm.polyglot.Source} ({@link ModuleSources}), so a warm call
 * creates a context and runs top-level code but does not parse. Pooled pre-evaluated contexts would be faster but
 * would share module state between callers, which is what the isolation requirement rules out.
 *
 * <p><b>Threads.</b> A GraalJS context is single-threaded, so each invocation runs on a platform thread of its own
 * (with a deep stack, {@link FunctionRuntimeSettings#threadStackBytes()}) that owns the context; Java futures of
 * {@code ctx} calls and of {@code fetch} ({@link HostFetch}) are settled on that thread by a small event loop
 * ({@link Invocation}). A runaway function holds only its own thread until the watchdog, the statement limit or its
 * memory budget ({@link AllocationWatch}) ends it, and that thread runs at a lower CPU priority than the server's
 * own ({@link LowCpuPriority}).
 *
 * <p>The returned future completes with a {@link FunctionResponse}, or exceptionally with
 * {@link FunctionFailed} (thrown, timed out, a limit) or {@link io.fluxbase.mcp.kernel.function.FunctionSyntaxError}
 * (a source that was never checked). Cancelling it stops the call (its context is killed). Concurrency is not
 * bounded here: the caller decides how many calls to admit, and counts a call as running until its thread is done
 * ({@link Running#ended()}): a call stopped while its thread is in an operation that does not heed the stop (a
 * host call, say) answers at once but holds its thread, and its CPU, until that operation returns.
 */
public final class FunctionRuntime implements AutoCloseable {

    private final FunctionRuntimeSettings settings;
    private final Sandbox sandbox;
    private final Watchdog watchdog = new Watchdog();
    private final AllocationWatch memory;
    private final HostFetch fetch;
    private final ExecutorService threads;
    private final ModuleSources sources = new ModuleSources(512);
    private final FunctionSource source;

    public FunctionRuntime() {
        this(FunctionRuntimeSettings.defaults());
    }

    public FunctionRuntime(FunctionRuntimeSettings settings) {
        this.settings = settings;
        this.sandbox = new Sandbox(settings.statementLimit());
        this.memory = new AllocationWatch(settings.maxMemoryBytes());
        this.fetch = new HostFetch(settings.allowedHosts(), watchdog);
        ThreadFactory platform = Thread.ofPlatform().name("function-", 0).daemon(true)
                .stackSize(settings.threadStackBytes()).factory();
        // each thread lowers its own CPU priority once, when it starts: the pool keeps threads, so later calls
        // on it run at that priority too
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> platform.newThread(() -> {
                    LowCpuPriority.applyToThisThread();
                    task.run();
                }));
        this.source = new FunctionSource(sandbox, watchdog, threads, settings, memory);
    }

    /** Checks sources before they are deployed. */
    public FunctionSource source() {
        return source;
    }

    /** A call under way: its answer, and the moment its thread is done with it. */
    public record Running(CompletableFuture<FunctionResponse> result, CompletableFuture<Void> ended) {
    }

    public Running start(FunctionCode code, FunctionRequest request, FunctionContext ctx) {
        Invocation invocation = new Invocation(code, sources.of(code), request, ctx, sandbox,
                settings.statementLimit(), fetch, memory);
        try {
            threads.execute(() -> invocation.run(watchdog));
        } catch (RejectedExecutionException e) {
            return new Running(CompletableFuture.failedFuture(new FunctionFailed(Reason.INTERNAL,
                    "the function runtime is closed")), CompletableFuture.completedFuture(null));
        }
        return new Running(invocation.result(), invocation.ended());
    }

    public CompletableFuture<FunctionResponse> invoke(FunctionCode code, FunctionRequest request,
            FunctionContext ctx) {
        return start(code, request, ctx).result();
    }

    @Override
    public void close() {
        threads.shutdownNow();
        fetch.close();
        memory.close();
        watchdog.close();
        sandbox.close();
    }
}
