package io.fluxbase.mcp.kernel.function;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a function answered: a plain returned value becomes status 200 with a JSON content type; an object with a
 * numeric {@code status} is taken as {@code {status, headers, body}}.
 *
 * @param body       plain Java values converted from the JS result (Map, List, String, Number, Boolean or null)
 * @param bytes      the body's size as JSON, in UTF-8
 * @param durationMs wall-clock time of the invocation, module evaluation included
 */
public record FunctionResponse(int status, Map<String, String> headers, @Nullable Object body, long bytes,
        double durationMs) {

    public FunctionResponse {
        headers = Map.copyOf(headers);
    }
}
