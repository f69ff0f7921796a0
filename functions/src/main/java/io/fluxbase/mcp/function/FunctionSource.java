package io.fluxbase.mcp.function;

import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * Checks a function's source before it is deployed: it must parse as an ES module and its default export must be a
 * function. Finding the default export means evaluating the module's top-level code, so that happens in the same
 * sandbox and limits as an invocation (with no {@code ctx}: only the handler gets one).
 */
public final class FunctionSource {

    private static final String CHECK_INIT = "{\"method\":\"CHECK\",\"headers\":{},\"body\":null,\"env\":{},"
            + "\"keyId\":\"\",\"userId\":null}";

    private final Sandbox sandbox;
    private final Watchdog watchdog;
    private final ExecutorService threads;
    private final FunctionRuntimeSettings settings;
    private final AllocationWatch memory;

    FunctionSource(Sandbox sandbox, Watchdog watchdog, ExecutorService threads, FunctionRuntimeSettings settings,
            AllocationWatch memory) {
        this.sandbox = sandbox;
        this.watchdog = watchdog;
        this.threads = threads;
        this.settings = settings;
        this.memory = memory;
    }

    /**
     * @throws io.fluxbase.mcp.kernel.function.FunctionSyntaxError the source does not parse (line and column named)
     *         or has no default export function
     * @throws io.fluxbase.mcp.kernel.function.FunctionFailed the module's top-level code threw or hit a limit
     */
    public void check(String source) {
        try {
            // on a function thread: the same stack depth as an invocation, never the caller's event loop
            CompletableFuture.runAsync(() -> checkHere(source), threads).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void checkHere(String source) {
        Context context = sandbox.newContext();
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicBoolean overBudget = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.at(settings.checkTimeout(), () -> {
            timedOut.set(true);
            Watchdog.kill(context);
        });
        AllocationWatch.Watched watched = memory.watchThisThread(() -> {
            overBudget.set(true);
            Watchdog.kill(context);
        });
        try {
            sandbox.glueFactory(context).execute(ProxyObject.fromMap(new HashMap<>()), CHECK_INIT);
            Value handler = context.eval(Sandbox.module(source)).getMember("default");
            if (handler == null || !handler.canExecute()) {
                throw FunctionErrors.noDefaultExport();
            }
        } catch (PolyglotException e) {
            if (timedOut.get()) {
                throw FunctionErrors.timedOut(settings.checkTimeout());
            }
            if (overBudget.get()) {
                throw FunctionErrors.overMemoryBudget(memory.budgetBytes());
            }
            throw FunctionErrors.escaped(e, settings.statementLimit(), "(being checked)");
        } finally {
            alarm.cancel(false);
            watched.close();
            Invocation.closeQuietly(context);
        }
    }
}
