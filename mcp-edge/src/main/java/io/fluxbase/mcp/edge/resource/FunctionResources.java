package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionDeployments;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** {@code functions://list} and {@code functions://{name}}: the deployed edge functions invoke_function can call. */
@Component
class FunctionResources implements ResourceGroup {

    static final String LIST_URI = "functions://list";
    static final String PREFIX = "functions://";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FunctionDeployments deployments;

    FunctionResources(FunctionDeployments deployments) {
        this.deployments = deployments;
    }

    @Override
    public String scheme() {
        return PREFIX;
    }

    @Override
    public Scope requiredScope() {
        return Scope.EXECUTE_FUNCTIONS;
    }

    @Override
    public List<McpServerFeatures.AsyncResourceSpecification> resources() {
        McpSchema.Resource list = McpSchema.Resource.builder()
                .uri(LIST_URI)
                .name("functions")
                .title("Edge functions")
                .description("Deployed edge functions: name, description, version, last deploy")
                .mimeType(ResourceReads.JSON)
                .build();
        return List.of(new McpServerFeatures.AsyncResourceSpecification(list, (exchange, request) -> Mono.defer(() -> {
            ResourceReads.permitted(exchange, request.uri(), Scope.EXECUTE_FUNCTIONS);
            return Mono.fromCallable(deployments::list).subscribeOn(Schedulers.boundedElastic())
                    .map(functions -> ResourceReads.result(request.uri(), JSON.writeValueAsString(Map.of("functions",
                            functions.stream().map(FunctionResources::shown).toList()))));
        })));
    }

    @Override
    public List<McpServerFeatures.AsyncResourceTemplateSpecification> templates() {
        McpSchema.ResourceTemplate one = new McpSchema.ResourceTemplate(PREFIX + "{name}", "function",
                "One edge function", "One function: description, version, the body it expects (input schema),"
                        + " its limits and last deploy", ResourceReads.JSON, null);
        return List.of(new McpServerFeatures.AsyncResourceTemplateSpecification(one,
                (exchange, request) -> Mono.defer(() -> readOne(exchange, request))));
    }

    private Mono<McpSchema.ReadResourceResult> readOne(McpAsyncServerExchange exchange,
            McpSchema.ReadResourceRequest request) {
        CallContext call = ResourceReads.permitted(exchange, request.uri(), Scope.EXECUTE_FUNCTIONS);
        String name = request.uri().substring(PREFIX.length());
        return Mono.fromCallable(() -> deployments.find(name).orElseThrow(() -> new FunctionNotFound(name,
                        deployments.list().stream().map(DeployedFunction::name).toList())))
                .subscribeOn(Schedulers.boundedElastic())
                .map(function -> ResourceReads.result(request.uri(), JSON.writeValueAsString(shown(function))))
                .onErrorMap(FunctionNotFound.class, e -> ResourceReads.refused(call, ErrorCode.UNKNOWN_FUNCTION,
                        e.getMessage()));
    }

    static Map<String, ?> shown(DeployedFunction function) {
        return function.shown(function.inputSchema() == null ? null
                : JSON.readValue(function.inputSchema(), Object.class));
    }
}
