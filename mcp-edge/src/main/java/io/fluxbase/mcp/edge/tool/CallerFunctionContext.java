package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.data.CatalogReader;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.DeleteRecordsCommand;
import io.fluxbase.mcp.kernel.data.InsertRecordsCommand;
import io.fluxbase.mcp.kernel.data.InvokeRpcCommand;
import io.fluxbase.mcp.kernel.data.SelectRowsQuery;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.data.TableWriter;
import io.fluxbase.mcp.kernel.data.UpdateRecordsCommand;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.fluxbase.mcp.kernel.filter.SelectParser;
import io.fluxbase.mcp.kernel.function.FunctionContext;
import io.fluxbase.mcp.kernel.rpc.FunctionCalls;
import io.fluxbase.mcp.kernel.rpc.FunctionCatalog;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an edge function's {@code ctx} reaches, for one call: the same reads and writes as the table tools, under the
 * calling key's role and claims, so a function can do no more than its caller. Its writes carry the call's id in
 * their change events and leave no call record of their own (the call records itself once). Refusals reach the
 * function as {@code error.message}.
 */
final class CallerFunctionContext implements FunctionContext {

    private static final Logger log = LoggerFactory.getLogger(CallerFunctionContext.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ROWS = 1000;
    private static final int MAX_LOG_LINES = 100;
    private static final int MAX_LOG_LINE_CHARS = 1000;

    private final Caller caller;
    private final CallRecord call;
    private final TableReader reader;
    private final TableWriter writer;
    private final CatalogReader catalog;
    private final FunctionCatalog procedures;
    private final long byteCap;
    private final String function;
    private final Map<String, String> env;
    /** The secret values, longest first, so one that contains another is masked whole. */
    private final List<String> masked;
    private final List<String> logs = new ArrayList<>();
    private int logsLeftOut;
    private final @Nullable BiFunction<Integer, String, CompletableFuture<Void>> progress;

    CallerFunctionContext(Caller caller, CallRecord call, TableReader reader, TableWriter writer,
            CatalogReader catalog, FunctionCatalog procedures, long byteCap, String function,
            Map<String, String> env) {
        this(caller, call, reader, writer, catalog, procedures, byteCap, function, env, null);
    }

    /** A job's ctx: the same, plus {@code ctx.progress}, reported through {@code progress}. */
    CallerFunctionContext(Caller caller, CallRecord call, TableReader reader, TableWriter writer,
            CatalogReader catalog, FunctionCatalog procedures, long byteCap, String function,
            Map<String, String> env, @Nullable BiFunction<Integer, String, CompletableFuture<Void>> progress) {
        this.progress = progress;
        this.caller = caller;
        this.call = call;
        this.reader = reader;
        this.writer = writer;
        this.catalog = catalog;
        this.procedures = procedures;
        this.byteCap = byteCap;
        this.function = function;
        this.env = env;
        this.masked = env.values().stream().filter(value -> !value.isEmpty()).flatMap(CallerFunctionContext::written)
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * A secret as a function's error or log may carry it: as it is, percent-encoded into a URL (a fetch error names
     * its URL), or escaped inside JSON text ({@code JSON.stringify}).
     */
    private static Stream<String> written(String value) {
        String json = JSON.writeValueAsString(value);
        // as JavaScript's encodeURIComponent writes it: a space as %20, and ! ' ( ) ~ left as they are
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!")
                .replace("%27", "'").replace("%28", "(").replace("%29", ")").replace("%7E", "~");
        return Stream.of(value, url, json.substring(1, json.length() - 1));
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> select(String table, Map<String, Object> filter,
            @Nullable String select, @Nullable Integer limit) {
        return attempt(() -> reader.select(new SelectRowsQuery(caller, TableRef.parse(table),
                        SelectParser.parse(select), FilterParser.parse(filter), List.of(),
                        Math.min(limit == null ? 100 : limit, MAX_ROWS), 0, byteCap))
                .thenApply(page -> objects(page.rows())));
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> insert(String table, Object rows) {
        return write(table, shape -> new InsertRecordsCommand(caller, shape, new ToolArguments(Map.of("rows", rows))
                .rows("rows"), List.of("*")));
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> update(String table, Map<String, Object> data,
            Map<String, Object> filter) {
        return write(table, shape -> new UpdateRecordsCommand(caller, shape, data, FilterParser.parse(filter),
                List.of("*")));
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> delete(String table, Map<String, Object> filter) {
        return write(table, shape -> new DeleteRecordsCommand(caller, shape, FilterParser.parse(filter),
                List.of("*")));
    }

    @Override
    public CompletableFuture<@Nullable Object> rpc(String name, Map<String, Object> params) {
        return attempt(() -> procedures.overloads(caller, name).thenCompose(overloads -> writer.writeWithinCall(
                        new InvokeRpcCommand(caller, FunctionCalls.resolve(overloads, name, params.keySet()), params),
                        call))
                .thenApply(result -> result.rows().isEmpty() ? null : (Object) ToolResults.rows(result.rows())));
    }

    @Override
    public CompletableFuture<Void> progress(int percent, String message) {
        return progress == null ? FunctionContext.super.progress(percent, message)
                : attempt(() -> progress.apply(percent, masked(message)));
    }

    /** The secrets, decrypted ({@code fluxbase secrets set NAME}). */
    @Override
    public Map<String, String> env() {
        return env;
    }

    /**
     * Every secret value in the line is written as {@code ***}: a function that logs one does not leak it. The
     * server's log gets what the call's record keeps, the first lines each cut to their first characters, with line
     * breaks written as {@code \n}: a caller whose input a function logs can neither fill the server's log nor write
     * lines into it that seem the server's own.
     */
    @Override
    public void log(String line) {
        String masked = masked(line);
        String shown = masked.length() > MAX_LOG_LINE_CHARS ? masked.substring(0, MAX_LOG_LINE_CHARS) + "…" : masked;
        synchronized (logs) {
            if (logs.size() < MAX_LOG_LINES) {
                logs.add(shown);
            } else {
                logsLeftOut++;
                return;
            }
        }
        log.info("function {} (call {}): {}", function, call.callId(), shown.replace("\\", "\\\\")
                .replace("\r", "\\r").replace("\n", "\\n"));
    }

    /** {@code text} with every secret value replaced by {@code ***}. */
    String masked(String text) {
        String result = text;
        for (String value : masked) {
            result = result.replace(value, "***");
        }
        return result;
    }

    /**
     * What the function logged, as its execution record keeps it: the first lines, secrets masked, each cut to a
     * length.
     */
    List<String> logs() {
        synchronized (logs) {
            if (logsLeftOut == 0) {
                return List.copyOf(logs);
            }
            List<String> kept = new ArrayList<>(logs);
            kept.add("(" + logsLeftOut + " more lines not kept)");
            return kept;
        }
    }

    @Override
    public String keyId() {
        return caller.keyId();
    }

    @Override
    public @Nullable String userId() {
        return caller.userId() == null ? null : caller.userId().toString();
    }

    private CompletableFuture<List<Map<String, Object>>> write(String table, Function<TableShape, WriteCommand> command) {
        return attempt(() -> {
            TableRef ref = TableRef.parse(table);
            return catalog.tableShape(caller, ref).thenCompose(shape -> writer.writeWithinCall(
                            command.apply(shape.orElseThrow(() -> DataAccessRefusal.unknownTable(ref))), call))
                    .thenApply(result -> objects(result.rows()));
        });
    }

    /** Bad arguments from the function fail its promise, as the database's refusals do. */
    private static <T> CompletableFuture<T> attempt(java.util.function.Supplier<CompletableFuture<T>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(List<String> rows) {
        List<Map<String, Object>> objects = new ArrayList<>(rows.size());
        rows.forEach(row -> objects.add(ToolResults.object(row)));
        return objects;
    }
}
