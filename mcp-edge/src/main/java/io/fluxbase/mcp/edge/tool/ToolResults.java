package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.modelcontextprotocol.spec.McpSchema;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/** Renders tool results: structured content plus the same JSON as a text block, or an error a model can act on. */
public final class ToolResults {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ToolResults() {
    }

    /**
     * The content is printed once: the text block is that print, and the structured content goes out as the same
     * text, raw, rather than printed again from the map with the answer.
     */
    public static McpSchema.CallToolResult structured(Map<String, Object> content) {
        String text = JSON.writeValueAsString(content);
        return McpSchema.CallToolResult.builder()
                .structuredContent(verbatim(text))
                .addTextContent(text)
                .isError(false)
                .build();
    }

    /** An {@code isError} result; the call's audit record gets the same code and message. */
    public static McpSchema.CallToolResult error(CallContext call, ErrorCode code, String message) {
        call.fail(code, message);
        return errorResult(message);
    }

    /** The {@code isError} result itself, without touching the call's record. */
    static McpSchema.CallToolResult errorResult(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }

    /** A tool argument the model can fix; the message starts with the argument's name. */
    public static McpSchema.CallToolResult invalid(CallContext call, String message) {
        return error(call, ErrorCode.INVALID_ARGUMENT, message);
    }

    /** What the data plane refused, with the refusal's own code and outcome. */
    public static McpSchema.CallToolResult refused(CallContext call, DataAccessRefusal refusal) {
        return error(call, refusal.errorCode(), refusal.getMessage());
    }

    /** Runs a read and renders its answer; a data-plane refusal becomes an isError result naming what to change. */
    public static <T> Mono<McpSchema.CallToolResult> read(CallContext call, Supplier<CompletableFuture<T>> read,
            Function<T, McpSchema.CallToolResult> render) {
        return Mono.fromFuture(read)
                .map(render)
                .onErrorResume(error -> refusalOf(error)
                        .map(refusal -> Mono.just(refused(call, refusal)))
                        .orElseGet(() -> Mono.error(error)));
    }

    /** The data-plane refusal behind a failed future, if that is what failed it. */
    public static Optional<DataAccessRefusal> refusalOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof DataAccessRefusal refusal ? Optional.of(refusal) : Optional.empty();
    }

    /** Whether a failed future failed with a data-plane refusal of {@code code}. */
    public static boolean refusedAs(Throwable error, ErrorCode code) {
        return refusalOf(error).filter(refusal -> refusal.errorCode() == code).isPresent();
    }

    /** Rows as PostgreSQL rendered them (one JSON text each), as values for structured content. */
    public static List<Object> rows(List<String> jsonRows) {
        List<Object> rows = new ArrayList<>(jsonRows.size());
        for (String row : jsonRows) {
            rows.add(value(row));
        }
        return rows;
    }

    /**
     * Rows as PostgreSQL rendered them (one JSON text each), put into the answer as they are: a result a client reads
     * is never parsed and printed again on its way out (the text content and the response print it raw). Rows the
     * server itself looks into, or hands to a function, are {@link #rows} instead.
     */
    public static List<Object> verbatim(List<String> jsonRows) {
        List<Object> rows = new ArrayList<>(jsonRows.size());
        for (String row : jsonRows) {
            rows.add(verbatim(row));
        }
        return rows;
    }

    /** One JSON value rendered by PostgreSQL, put into the answer as it is (see {@link #verbatim(List)}). */
    public static Object verbatim(String json) {
        return new RawValue(json);
    }

    /** One JSON object rendered by PostgreSQL, as structured content. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String json) {
        return (Map<String, Object>) JSON.readValue(json, Map.class);
    }

    public static Object value(String json) {
        return JSON.readValue(json, Object.class);
    }
}
