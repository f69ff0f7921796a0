package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Renders tool results: structured content plus the same JSON as a text block, or an error a model can act on. */
public final class ToolResults {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ToolResults() {
    }

    public static McpSchema.CallToolResult structured(Map<String, Object> content) {
        return McpSchema.CallToolResult.builder()
                .structuredContent(content)
                .addTextContent(JSON.writeValueAsString(content))
                .isError(false)
                .build();
    }

    /** An {@code isError} result; the call's audit record gets the same code and message. */
    public static McpSchema.CallToolResult error(CallContext call, CallOutcome outcome, String code, String message) {
        call.fail(outcome, code, message);
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }
}
