package io.fluxbase.mcp.function;

import io.fluxbase.mcp.kernel.function.FunctionContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Records what a function asked of {@code ctx} and answers with completed futures (there is no database here). */
class FakeFunctionContext implements FunctionContext {

    /** One call as the function made it: the operation and its arguments by name. */
    record Call(String op, Map<String, @Nullable Object> args) {
    }

    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    List<Map<String, Object>> rows = List.of(Map.of("id", 1, "name", "Ada"));
    @Nullable RuntimeException failure;
    Map<String, String> env = Map.of("GREETING", "hello");

    @Override
    public CompletableFuture<List<Map<String, Object>>> select(String table, Map<String, Object> filter,
            @Nullable String select, @Nullable Integer limit) {
        return answer(rows, "select", "table", table, "filter", filter, "select", select, "limit", limit);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> insert(String table, Object rows) {
        return answer(this.rows, "insert", "table", table, "rows", rows);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> update(String table, Map<String, Object> data,
            Map<String, Object> filter) {
        return answer(rows, "update", "table", table, "data", data, "filter", filter);
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> delete(String table, Map<String, Object> filter) {
        return answer(rows, "delete", "table", table, "filter", filter);
    }

    @Override
    public CompletableFuture<@Nullable Object> rpc(String name, Map<String, Object> params) {
        return answer(42, "rpc", "name", name, "params", params);
    }

    @Override
    public Map<String, String> env() {
        return env;
    }

    @Override
    public void log(String line) {
        lines.add(line);
    }

    @Override
    public String keyId() {
        return "key-1";
    }

    @Override
    public @Nullable String userId() {
        return null;
    }

    private <T> CompletableFuture<T> answer(T value, String op, @Nullable Object... namesAndValues) {
        Map<String, @Nullable Object> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        calls.add(new Call(op, args));
        RuntimeException failing = failure;
        return failing != null ? CompletableFuture.failedFuture(failing) : CompletableFuture.completedFuture(value);
    }
}
