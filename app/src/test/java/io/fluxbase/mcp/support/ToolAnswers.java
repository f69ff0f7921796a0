package io.fluxbase.mcp.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

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
}
