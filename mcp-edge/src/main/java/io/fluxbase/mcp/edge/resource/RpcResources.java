package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.rpc.FunctionCatalog;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code rpc://list}: the functions invoke_rpc can call for this key, with argument and result types. */
@Component
class RpcResources implements ResourceGroup {

    static final String LIST_URI = "rpc://list";

    private final FunctionCatalog functions;

    RpcResources(FunctionCatalog functions) {
        this.functions = functions;
    }

    @Override
    public String scheme() {
        return "rpc://";
    }

    @Override
    public Scope requiredScope() {
        return Scope.EXECUTE_RPC;
    }

    @Override
    public List<McpServerFeatures.AsyncResourceSpecification> resources() {
        McpSchema.Resource list = McpSchema.Resource.builder()
                .uri(LIST_URI)
                .name("functions")
                .title("Database functions")
                .description("Functions invoke_rpc can call with this key: arguments (name, type, default or"
                        + " not), result type, description")
                .mimeType(ResourceReads.JSON)
                .build();
        return List.of(new McpServerFeatures.AsyncResourceSpecification(list, (exchange, request) -> Mono.defer(() -> {
            CallContext call = ResourceReads.permitted(exchange, request.uri(), Scope.EXECUTE_RPC);
            return Mono.fromFuture(() -> functions.functionsJson(call.principal().caller()))
                    .map(json -> ResourceReads.result(request.uri(), json));
        })));
    }

    @Override
    public List<McpServerFeatures.AsyncResourceTemplateSpecification> templates() {
        return List.of();
    }
}
