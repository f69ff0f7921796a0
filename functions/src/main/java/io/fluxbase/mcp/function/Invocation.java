package io.fluxbase.mcp.function;

import io.fluxbase.mcp.kernel.function.FunctionCode;
import io.fluxbase.mcp.kernel.function.FunctionContext;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionFailed.Reason;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.jspecify.annotations.Nullable;

/**
 * One call of a function, on one thread that owns its context from creation to close. After calling the handler
 * the thread runs a small event loop: it applies the settlements of Java futures ({@link HostBridge}) until the
 * handler's promise settles or the deadline passes. Whoever completes {@link #result()} first wins: this thread
 * with an answer, or the watchdog with a timeout or the allocation watch with a spent memory budget (either then
 * kills the context).
 */
final class Invocation {

    private final FunctionCode code;
    private final Source module;
    private final FunctionRequest request;
    private final FunctionContext functions;
    private final Sandbox sandbox;
    private final long statementLimit;
    private final HostFetch fetch;
    private final AllocationWatch memory;
    private final CompletableFuture<FunctionResponse> result = new CompletableFuture<>();
    /** Completes when the thread is done with the call: after the result, for a call stopped mid-operation. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final BlockingQueue<Runnable> settlements = new LinkedBlockingQueue<>();
    private volatile @Nullable Context context;
    private long started;
    private boolean settled;

    Invocation(FunctionCode code, Source module, FunctionRequest request, FunctionContext functions, Sandbox sandbox,
            long statementLimit, HostFetch fetch, AllocationWatch memory) {
        this.code = code;
        this.module = module;
        this.request = request;
        this.functions = functions;
        this.sandbox = sandbox;
        this.statementLimit = statementLimit;
        this.fetch = fetch;
        this.memory = memory;
        // a caller that cancels the result (a cancelled job) ends the call as a timeout would: its context is killed
        result.whenComplete((answer, failure) -> {
            Context running = context;
            if (failure instanceof CancellationException && running != null) {
                Watchdog.kill(running);
            }
        });
    }

    CompletableFuture<FunctionResponse> result() {
        return result;
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    /** Runs on the invocation's own thread. */
    void run(Watchdog watchdog) {
        started = System.nanoTime();
        long deadline = started + code.timeout().toNanos();
        // the timeout completes from a thread of its own, so callers' stages never run on the watchdog's timer
        ScheduledFuture<?> alarm = watchdog.at(code.timeout(), () -> Thread.ofVirtual().start(this::timeOut));
        AllocationWatch.Watched watched = memory.watchThisThread(this::overMemoryBudget);
        Context owned = null;
        try {
            owned = sandbox.newContext();
            context = owned;
            if (result.isDone()) {
                return; // timed out before the context existed
            }
            HostBridge host = new HostBridge(functions, args -> fetch.fetch(args, deadline, code.maxResponseBytes()),
                    settlements);
            Value glue = sandbox.glueFactory(owned).execute(host, initJson());
            Value handler = owned.eval(module).getMember("default");
            if (handler == null || !handler.canExecute()) {
                result.completeExceptionally(FunctionErrors.noDefaultExport());
                return;
            }
            glue.invokeMember("run", handler, (ProxyExecutable) args -> {
                settled = true;
                answer(args[0]);
                return null;
            });
            while (!settled && !result.isDone()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    result.completeExceptionally(FunctionErrors.timedOut(code.timeout()));
                    break;
                }
                Runnable settlement = settlements.poll(remaining, TimeUnit.NANOSECONDS);
                if (settlement != null) {
                    settlement.run();
                }
            }
        } catch (PolyglotException e) {
            if (!result.isDone()) {
                result.completeExceptionally(FunctionErrors.escaped(e, statementLimit, code.label()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(new FunctionFailed(Reason.INTERNAL, "the function was interrupted"));
        } catch (RuntimeException | Error e) {
            if (!result.isDone()) { // after a timeout, failures of the killed context are expected
                result.completeExceptionally(FunctionErrors.internal(e, code.label()));
            }
        } finally {
            // whatever ended this thread, the caller gets an answer (its alarm is cancelled just below)
            result.completeExceptionally(new FunctionFailed(Reason.INTERNAL, "the function ended without an answer"));
            alarm.cancel(false);
            watched.close();
            if (owned != null) {
                closeQuietly(owned);
            }
            ended.complete(null);
        }
    }

    private void timeOut() {
        stop(FunctionErrors.timedOut(code.timeout()));
    }

    private void overMemoryBudget() {
        stop(FunctionErrors.overMemoryBudget(memory.budgetBytes()));
    }

    /** Ends the call from outside its thread: the first reason to complete the result is the one reported. */
    private void stop(FunctionFailed reason) {
        if (result.completeExceptionally(reason)) {
            Context running = context;
            if (running != null) {
                Watchdog.kill(running);
            }
        }
    }

    /** The glue's result object: {@code {error: {name, message}}} or {@code {status, headers, body}} as JSON. */
    private void answer(Value outcome) {
        Value error = outcome.getMember("error");
        if (error != null && !error.isNull()) {
            result.completeExceptionally(FunctionErrors.thrown(error.getMember("name").asString(),
                    error.getMember("message").asString()));
            return;
        }
        Value status = outcome.getMember("status");
        if (!status.fitsInInt() || status.asInt() < 100 || status.asInt() > 599) {
            result.completeExceptionally(new FunctionFailed(Reason.INVALID_RESPONSE,
                    "the response status must be a whole number from 100 to 599, not " + status));
            return;
        }
        String body = outcome.getMember("body").asString();
        long bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > code.maxResponseBytes()) {
            result.completeExceptionally(new FunctionFailed(Reason.RESPONSE_TOO_LARGE, "the response is " + bytes
                    + " bytes, over the function's limit of " + code.maxResponseBytes()));
            return;
        }
        double durationMs = (System.nanoTime() - started) / 1_000_000.0;
        result.complete(new FunctionResponse(status.asInt(),
                FunctionJson.readStrings(outcome.getMember("headers").asString()), FunctionJson.read(body),
                bytes, durationMs));
    }

    private String initJson() {
        Map<String, @Nullable Object> init = new LinkedHashMap<>();
        init.put("method", request.method());
        init.put("headers", request.headers());
        init.put("body", request.body());
        init.put("env", functions.env());
        init.put("keyId", functions.keyId());
        init.put("userId", functions.userId());
        init.put("job", request.job());
        return FunctionJson.write(init);
    }

    static void closeQuietly(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException alreadyCancelled) {
            // a context that hit a limit reports it again on close
        }
    }
}
