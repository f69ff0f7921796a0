package io.fluxbase.mcp.kernel.function;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a function is called with; the handler sees it as {@code req}. A job's run ({@link #job}) calls the handler
 * as {@code (payload, ctx)} instead, with {@code ctx.progress}, and takes whatever it returns as the result.
 *
 * @param body parsed JSON (Map, List, String, Number, Boolean or null) or a raw String; {@code req.json()} parses a
 *             String body. For a job, the payload.
 */
public record FunctionRequest(String method, Map<String, String> headers, @Nullable Object body, boolean job) {

    public FunctionRequest {
        Objects.requireNonNull(method, "method");
        headers = Map.copyOf(headers);
    }

    public FunctionRequest(String method, Map<String, String> headers, @Nullable Object body) {
        this(method, headers, body, false);
    }

    /** One attempt of a job with this payload. */
    public static FunctionRequest job(@Nullable Object payload) {
        return new FunctionRequest("JOB", Map.of(), payload, true);
    }
}
