package io.fluxbase.mcp.edge.conformance;

import io.modelcontextprotocol.server.McpServerFeatures;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The tools, resources, resource templates, prompts and completions that the server scenarios of
 * {@code @modelcontextprotocol/conformance} 0.1.16 call by name. Exists only when
 * {@code fluxbase.conformance-fixtures=true} (set from {@code FLUXBASE_CONFORMANCE_FIXTURES}); the MCP server adds
 * whatever this bean returns to the ones it always serves.
 */
@Component
@ConditionalOnProperty(name = "fluxbase.conformance-fixtures", havingValue = "true")
public class ConformanceFixtures {

    private final List<McpServerFeatures.AsyncToolSpecification> tools = ConformanceTools.all();
    private final List<McpServerFeatures.AsyncResourceSpecification> resources = ConformanceResources.resources();
    private final List<McpServerFeatures.AsyncResourceTemplateSpecification> resourceTemplates =
            ConformanceResources.templates();
    private final List<McpServerFeatures.AsyncPromptSpecification> prompts = ConformancePrompts.all();
    private final List<McpServerFeatures.AsyncCompletionSpecification> completions = ConformancePrompts.completions();

    /** {@code test_*} tools of the {@code tools-call-*} and {@code elicitation-*} scenarios. */
    public List<McpServerFeatures.AsyncToolSpecification> tools() {
        return tools;
    }

    /** {@code test://static-text}, {@code test://static-binary} and {@code test://watched-resource}. */
    public List<McpServerFeatures.AsyncResourceSpecification> resources() {
        return resources;
    }

    /** {@code test://template/{id}/data}. */
    public List<McpServerFeatures.AsyncResourceTemplateSpecification> resourceTemplates() {
        return resourceTemplates;
    }

    /** {@code test_*} prompts of the {@code prompts-*} scenarios. */
    public List<McpServerFeatures.AsyncPromptSpecification> prompts() {
        return prompts;
    }

    /** Completion of {@code arg1} of {@code test_prompt_with_arguments}. */
    public List<McpServerFeatures.AsyncCompletionSpecification> completions() {
        return completions;
    }
}
