package io.fluxbase.mcp.kernel.function;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a function is called with; the handler sees it as {@code req}.
 *
 * @param body parsed JSON (Map, List, String, Number, Boolean or null) or a raw String; {@code req.json()} parses a
 *             String body
 */
public record FunctionRequest(String method, Map<String, String> headers, @Nullable Object body) {

    public FunctionRequest {
        Objects.requireNonNull(method, "method");
        headers = Map.copyOf(headers);
    }
}
