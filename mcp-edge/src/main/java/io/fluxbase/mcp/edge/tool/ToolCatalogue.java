package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.auth.Principal;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.modelcontextprotocol.server.McpAsyncListFilter;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every data-plane tool, in a stable order (by name), wrapped so that a call outside the key's scopes is refused
 * with a message naming the scope, and listings show only the tools a key may call.
 */
@Component
public class ToolCatalogue {

    private final List<McpTool> tools;
    private final Set<String> readOnly;

    ToolCatalogue(List<McpTool> tools) {
        this.tools = tools.stream().sorted(Comparator.comparing(McpTool::name)).toList();
        this.readOnly = tools.stream()
                .filter(tool -> tool.definition().annotations() != null
                        && Boolean.TRUE.equals(tool.definition().annotations().readOnlyHint()))
                .map(McpTool::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * True for our tools that only read (annotated read-only); false for writes and for any other name. Such a call
     * may start before its key's admission has answered, and only its final result waits for that: a read-only tool
     * must change nothing and send nothing (no progress or log notifications) before its result.
     */
    public boolean isReadOnly(String name) {
        return readOnly.contains(name);
    }

    public List<McpTool> tools() {
        return tools;
    }

    public Optional<McpTool> find(String name) {
        return tools.stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    public List<McpServerFeatures.AsyncToolSpecification> specifications() {
        return tools.stream().map(tool -> McpServerFeatures.AsyncToolSpecification.builder()
                .tool(tool.definition())
                .callHandler((exchange, request) -> {
                    CallContext call = (CallContext) exchange.transportContext().get(CallContext.KEY);
                    return guarded(tool, call, request.arguments() == null ? Map.of() : request.arguments());
                })
                .build()).toList();
    }

    /** Hides tools whose scope the calling key lacks; tools an embedding application added stay visible. */
    public McpAsyncListFilter<McpSchema.Tool> listFilter() {
        return (context, tool) -> {
            CallContext call = (CallContext) context.get(CallContext.KEY);
            Principal principal = call == null ? Principal.NOBODY : call.principal();
            return Mono.just(find(tool.name()).map(ours -> principal.holds(ours.requiredScope())).orElse(true));
        };
    }

    private static Mono<McpSchema.CallToolResult> guarded(McpTool tool, CallContext call, Map<String, Object> args) {
        call.target(tool.name());
        call.toolResolved(true);
        call.arguments(args);
        if (!call.principal().holds(tool.requiredScope())) {
            return Mono.just(ToolResults.error(call, ErrorCode.MISSING_SCOPE,
                    tool.requiredScope().missingFor(tool.name())));
        }
        String nul = NulCharacters.find(args);
        if (nul != null) {
            return Mono.just(ToolResults.invalid(call, nul + ": contains a NUL character (\\u0000), which PostgreSQL"
                    + " text cannot hold; remove it"));
        }
        return tool.call(call, args);
    }
}
