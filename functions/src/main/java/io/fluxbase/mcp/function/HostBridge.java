package io.fluxbase.mcp.function;

import io.fluxbase.mcp.kernel.function.FunctionContext;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.jspecify.annotations.Nullable;

/**
 * The only object the glue gets from the host: {@code call(op, argsJson, resolve, reject)} starts a
 * {@link FunctionContext} call (a job's {@code progress} among them) (or a {@code fetch}, op {@code "fetch"}) and {@code log(line)} writes a line. A Java
 * future may complete on any thread, but a context may only be entered from its own, so completions are queued as
 * settlements that the invocation's thread applies ({@link Invocation}'s event loop). Only the glue's closure holds
 * this object; the function never sees it.
 */
final class HostBridge implements ProxyObject {

    /**
     * The most operations one call may have under way at once. Each is work on a pool other calls share (a database
     * connection of the key's role, a socket), and a call that started thousands at once would take the pool from
     * every other key's calls; one after another, a call may make any number.
     */
    static final int MAX_UNDER_WAY = 32;

    private final FunctionContext functions;
    private final Function<Map<String, @Nullable Object>, CompletableFuture<?>> fetch;
    private final Queue<Runnable> settlements;
    /** Touched only on the invocation's thread: by {@link #call} and by the settlements it applies. */
    private int underWay;

    /** @param fetch a {@link HostFetch} bound to this invocation's deadline and response limit */
    HostBridge(FunctionContext functions, Function<Map<String, @Nullable Object>, CompletableFuture<?>> fetch,
            Queue<Runnable> settlements) {
        this.functions = functions;
        this.fetch = fetch;
        this.settlements = settlements;
    }

    @Override
    public @Nullable Object getMember(String key) {
        return switch (key) {
            case "call" -> (ProxyExecutable) this::call;
            case "log" -> (ProxyExecutable) this::log;
            default -> null;
        };
    }

    @Override
    public Object getMemberKeys() {
        return ProxyArray.fromArray("call", "log");
    }

    @Override
    public boolean hasMember(String key) {
        return key.equals("call") || key.equals("log");
    }

    @Override
    public void putMember(String key, @Nullable Value value) {
        throw new UnsupportedOperationException("read-only");
    }

    private @Nullable Object log(Value... args) {
        functions.log(args[0].asString());
        return null;
    }

    private @Nullable Object call(Value... args) {
        String op = args[0].asString();
        Value resolve = args[2];
        Value reject = args[3];
        if (underWay >= MAX_UNDER_WAY) {
            reject.execute(op + ": this call already has " + MAX_UNDER_WAY + " operations under way (ctx.db, ctx.rpc,"
                    + " fetch), the most one call may have; await some of them before starting more");
            return null;
        }
        CompletableFuture<?> future;
        try {
            future = start(op, FunctionJson.readObject(args[1].asString()));
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        underWay++;
        future.whenComplete((result, failure) -> settlements.add(() -> {
            underWay--;
            settle(op, resolve, reject, result, failure);
        }));
        return null;
    }

    private CompletableFuture<?> start(String op, Map<String, @Nullable Object> args) {
        String table = args.get("table") instanceof String t ? t : "";
        return switch (op) {
            case "select" -> functions.select(table, map(args, "filter"), (String) args.get("select"),
                    args.get("limit") instanceof Number n ? n.intValue() : null);
            case "insert" -> functions.insert(table, rows(args.get("rows")));
            case "update" -> functions.update(table, map(args, "data"), map(args, "filter"));
            case "delete" -> functions.delete(table, map(args, "filter"));
            case "rpc" -> functions.rpc((String) args.get("name"), map(args, "params"));
            case "progress" -> functions.progress(((Number) args.get("percent")).intValue(),
                    String.valueOf(args.get("message")));
            case "fetch" -> fetch.apply(args);
            default -> throw new IllegalArgumentException("unknown operation " + op);
        };
    }

    private static void settle(String op, Value resolve, Value reject, @Nullable Object result,
            @Nullable Throwable failure) {
        if (failure != null) {
            reject.execute(messageOf(op, failure));
            return;
        }
        String json;
        try {
            json = FunctionJson.write(result);
        } catch (RuntimeException e) {
            reject.execute("the result of " + op + " cannot be given to the function as JSON");
            return;
        }
        resolve.execute(json);
    }

    private static String messageOf(String op, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? op + " failed" : message;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, @Nullable Object> args, String name) {
        Object value = args.get(name);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(name + " must be an object");
    }

    private static Object rows(@Nullable Object rows) {
        if (rows instanceof Map<?, ?> || rows instanceof List<?>) {
            return rows;
        }
        throw new IllegalArgumentException("insert needs an object or an array of objects");
    }
}
