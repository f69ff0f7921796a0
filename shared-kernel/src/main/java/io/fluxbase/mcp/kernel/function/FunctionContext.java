package io.fluxbase.mcp.kernel.function;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * What a function may do outside its sandbox, implemented by whoever invokes it (the caller's key decides what is
 * allowed). Filters are PostgREST style, one condition per column: {@code {"age": "gt.5", "id": "in.(1,2)"}}.
 * A failed future reaches the function as {@code {data: null, error: {message}}}, with the failure's message.
 * Futures may complete on any thread.
 */
public interface FunctionContext {

    CompletableFuture<List<Map<String, Object>>> select(String table, Map<String, Object> filter,
            @Nullable String select, @Nullable Integer limit);

    /** @param rows one row (a Map) or a List of rows */
    CompletableFuture<List<Map<String, Object>>> insert(String table, Object rows);

    CompletableFuture<List<Map<String, Object>>> update(String table, Map<String, Object> data,
            Map<String, Object> filter);

    CompletableFuture<List<Map<String, Object>>> delete(String table, Map<String, Object> filter);

    CompletableFuture<@Nullable Object> rpc(String name, Map<String, Object> params);

    /**
     * A job's {@code ctx.progress(percent, message)}: fails (and the job's promise rejects) when the job was
     * cancelled meanwhile. Only jobs have it.
     */
    default CompletableFuture<Void> progress(int percent, String message) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("ctx.progress is only for jobs"));
    }

    /** The function's secrets, {@code ctx.env.NAME}. */
    Map<String, String> env();

    /** One line the function logged ({@code ctx.log} or {@code console.*}); called on the invocation's thread. */
    void log(String line);

    String keyId();

    @Nullable String userId();
}
