package io.fluxbase.mcp.edge.server;

import io.modelcontextprotocol.server.McpServerFeatures;
import java.util.List;

/**
 * Tools, resources, prompts and completions served beside Fluxbase's own, from beans that an application embedding
 * the server declares; the conformance test adds the suite's fixtures this way, production adds none. Whoever calls
 * them has been admitted with a client key like every other caller.
 */
public interface McpServerAdditions {

    default List<McpServerFeatures.AsyncToolSpecification> tools() {
        return List.of();
    }

    default List<McpServerFeatures.AsyncResourceSpecification> resources() {
        return List.of();
    }

    default List<McpServerFeatures.AsyncResourceTemplateSpecification> resourceTemplates() {
        return List.of();
    }

    default List<McpServerFeatures.AsyncPromptSpecification> prompts() {
        return List.of();
    }

    default List<McpServerFeatures.AsyncCompletionSpecification> completions() {
        return List.of();
    }
}
