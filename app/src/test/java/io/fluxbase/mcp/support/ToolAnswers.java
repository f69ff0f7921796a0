package io.fluxbase.mcp.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.Supplier;

/** How the tool tests read an answer: its text, its structured content when it succeeded, its message when not. */
public final class ToolAnswers {

    private ToolAnswers() {
    }

    public static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> ok(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isFalse();
        return (Map<String, Object>) result.structuredContent();
    }

    public static String refusal(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as("expected a refusal, got %s", result.structuredContent()).isTrue();
        return text(result);
    }

    /**
     * The tool's answer to a call. A JSON-RPC error in its place (-32603 is an unexpected failure) fails the test with
     * its code, so a refusal is told apart from a crash.
     */
    public static McpSchema.CallToolResult answer(Supplier<McpSchema.CallToolResult> call) {
        try {
            return call.get();
        } catch (McpError e) {
            throw new AssertionError("expected a tool result, got JSON-RPC error " + e.getJsonRpcError().code()
                    + ": " + e.getMessage(), e);
        }
    }
}
