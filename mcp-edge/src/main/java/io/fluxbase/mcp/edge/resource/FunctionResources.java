package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionActivity;
import io.fluxbase.mcp.kernel.function.FunctionDeployments;
import io.fluxbase.mcp.kernel.function.FunctionExecution;
import io.fluxbase.mcp.kernel.function.FunctionExecutions;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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

    private static final int RECENT_EXECUTIONS = 10;

    private final FunctionDeployments deployments;
    private final FunctionExecutions executions;

    FunctionResources(FunctionDeployments deployments, FunctionExecutions executions) {
        this.deployments = deployments;
        this.executions = executions;
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
                .description("Deployed edge functions: name, description, version, last deploy, invocations and how"
                        + " the last one ended")
                .mimeType(ResourceReads.JSON)
                .build();
        return List.of(new McpServerFeatures.AsyncResourceSpecification(list, (exchange, request) -> Mono.defer(() -> {
            ResourceReads.permitted(exchange, request.uri(), Scope.EXECUTE_FUNCTIONS);
            return Mono.fromCallable(() -> {
                        Map<String, FunctionActivity> activity = executions.activity();
                        return deployments.list().stream().map(function -> FunctionActivity.of(function.name(), activity)
                                .addTo(shown(function))).toList();
                    })
                    .subscribeOn(Schedulers.boundedElastic())
                    .map(functions -> ResourceReads.result(request.uri(), JSON.writeValueAsString(Map.of("functions",
                            functions))));
        })));
    }

    @Override
    public List<McpServerFeatures.AsyncResourceTemplateSpecification> templates() {
        McpSchema.ResourceTemplate one = new McpSchema.ResourceTemplate(PREFIX + "{name}", "function",
                "One edge function", "One function: description, version, the body it expects (input schema),"
                        + " its limits, last deploy and its latest runs (when, version, outcome, status, duration)",
                ResourceReads.JSON, null);
        return List.of(new McpServerFeatures.AsyncResourceTemplateSpecification(one,
                (exchange, request) -> Mono.defer(() -> readOne(exchange, request))));
    }

    private Mono<McpSchema.ReadResourceResult> readOne(McpAsyncServerExchange exchange,
            McpSchema.ReadResourceRequest request) {
        CallContext call = ResourceReads.permitted(exchange, request.uri(), Scope.EXECUTE_FUNCTIONS);
        String name = request.uri().substring(PREFIX.length());
        return Mono.fromCallable(() -> {
                    DeployedFunction function = deployments.find(name).orElseThrow(() -> new FunctionNotFound(name,
                            deployments.list().stream().map(DeployedFunction::name).toList()));
                    Map<String, @Nullable Object> view = executions.activity(function.name())
                            .addTo(shown(function));
                    String viewer = call.principal().keyId();
                    view.put("recent_executions", executions.recent(name, RECENT_EXECUTIONS).stream()
                            .map(run -> run.shownTo(viewer)).toList());
                    return view;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .map(view -> ResourceReads.result(request.uri(), JSON.writeValueAsString(view)))
                .onErrorMap(FunctionNotFound.class, e -> ResourceReads.refused(call, ErrorCode.UNKNOWN_FUNCTION,
                        e.getMessage()));
    }

    static Map<String, @Nullable Object> shown(DeployedFunction function) {
        return function.shown(function.inputSchema() == null ? null
                : JSON.readValue(function.inputSchema(), Object.class));
    }
}
