package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.function.FunctionRuntime;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.CatalogReader;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.data.TableWriter;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionDeployments;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionName;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import io.fluxbase.mcp.kernel.rpc.FunctionCatalog;
import io.fluxbase.mcp.kernel.secret.FunctionSecrets;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.JsonSchemaValidatorSupplier;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * invoke_function: runs a deployed edge function with a JSON body, its {@code ctx.db} under the calling key's role.
 * The answer is the function's status, headers and body; a function that throws or hits a limit is an isError
 * result with its message, never a stack trace.
 */
@Component
class InvokeFunctionTool implements McpTool {

    private final FunctionDeployments deployments;
    private final ObjectProvider<FunctionRuntime> runtime;
    private final TableReader reader;
    private final TableWriter writer;
    private final CatalogReader catalog;
    private final FunctionCatalog procedures;
    private final CallAudit audit;
    private final FunctionSecrets secrets;
    private final long maxResultBytes;
    private final JsonSchemaValidator schemas = ServiceLoader.load(JsonSchemaValidatorSupplier.class).findFirst()
            .orElseThrow().get();

    InvokeFunctionTool(FunctionDeployments deployments, ObjectProvider<FunctionRuntime> runtime, TableReader reader,
            TableWriter writer, CatalogReader catalog, FunctionCatalog procedures, CallAudit audit,
            McpSettings settings, FunctionSecrets secrets) {
        this.deployments = deployments;
        this.runtime = runtime;
        this.reader = reader;
        this.writer = writer;
        this.catalog = catalog;
        this.procedures = procedures;
        this.audit = audit;
        this.secrets = secrets;
        this.maxResultBytes = settings.mcp().maxResultBytes();
    }

    @Override
    public String name() {
        return "invoke_function";
    }

    @Override
    public Scope requiredScope() {
        return Scope.EXECUTE_FUNCTIONS;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Call an edge function")
                .description("Run a deployed edge function with a JSON body and get its status, headers and body."
                        + " The function reads and writes the database with this key's rights (row-level security"
                        + " applies). Read functions://list for the functions and functions://{name} for the body"
                        + " each expects.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "name", Map.of("type", "string", "description", "The function's name"),
                                "body", Map.of("description", "The request body: any JSON value"),
                                "method", Map.of("type", "string", "enum", List.of("GET", "POST", "PUT", "PATCH",
                                        "DELETE"), "description", "HTTP method the function sees (default POST)"),
                                "headers", Map.of("type", "object", "additionalProperties", Map.of("type", "string"),
                                        "description", "Request headers the function sees")),
                        "required", List.of("name"),
                        "additionalProperties", false))
                .outputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "name", Map.of("type", "string"),
                                "version", Map.of("type", "integer"),
                                "status", Map.of("type", "integer"),
                                "headers", Map.of("type", "object"),
                                "body", Map.of(),
                                "duration_ms", Map.of("type", "number")),
                        "required", List.of("name", "version", "status", "headers", "duration_ms")))
                .annotations(new McpSchema.ToolAnnotations("Call an edge function", false, true, false, true, null))
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        String name;
        FunctionRequest request;
        try {
            ToolArguments args = new ToolArguments(arguments);
            name = FunctionName.check(args.requiredString("name"), "name");
            String method = args.optionalString("method");
            Map<String, Object> headers = args.optionalObject("headers");
            request = new FunctionRequest(method == null ? "POST" : method,
                    headers == null ? Map.of() : (Map<String, String>) (Map<?, ?>) headers, arguments.get("body"));
        } catch (IllegalArgumentException | ClassCastException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        return Mono.fromCallable(() -> {
                    runtime.getObject(); // the first call builds the engine: a second's work, kept off the event loop
                    return deployments.find(name).orElseThrow(() -> new FunctionNotFound(name,
                            deployments.list().stream().map(DeployedFunction::name).toList()));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(call.home())
                .flatMap(function -> invoked(call, function, request))
                .onErrorResume(FunctionNotFound.class, e -> Mono.just(ToolResults.error(call, ErrorCode.UNKNOWN_FUNCTION,
                        "name: " + e.getMessage())));
    }

    private Mono<McpSchema.CallToolResult> invoked(CallContext call, DeployedFunction function,
            FunctionRequest request) {
        String invalid = invalidBody(function, request.body());
        if (invalid != null) {
            return Mono.just(ToolResults.invalid(call, "body: " + invalid));
        }
        CallerFunctionContext ctx = new CallerFunctionContext(call.principal().caller(), audit.toRecord(call),
                reader, writer, catalog, procedures, maxResultBytes, function.name(), secrets.values());
        return Mono.fromFuture(() -> runtime.getObject().invoke(function.code(maxResultBytes), request, ctx))
                .publishOn(call.home())
                .map(response -> rendered(function, response))
                .onErrorResume(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    return cause instanceof FunctionFailed failed
                            ? Mono.just(ToolResults.error(call, ErrorCode.FUNCTION_FAILED, "function '"
                                    + function.name() + "' (version " + function.version() + ") failed: "
                                    + ctx.masked(failed.getMessage())))
                            : Mono.error(cause);
                });
    }

    /** The body against the function's input schema, if it has one: null when it conforms, else what is wrong. */
    @SuppressWarnings("unchecked")
    private @Nullable String invalidBody(DeployedFunction function, @Nullable Object body) {
        if (function.inputSchema() == null) {
            return null;
        }
        if (body == null) {
            return "required: function '" + function.name() + "' expects a body (see functions://" + function.name()
                    + ")";
        }
        Map<String, Object> schema = ToolResults.object(function.inputSchema());
        JsonSchemaValidator.ValidationResponse answer = schemas.validate(schema, body);
        return answer.valid() ? null : answer.errorMessage() + " (see functions://" + function.name() + ")";
    }

    private static McpSchema.CallToolResult rendered(DeployedFunction function, FunctionResponse response) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", function.name());
        content.put("version", function.version());
        content.put("status", response.status());
        content.put("headers", response.headers());
        content.put("body", response.body());
        content.put("duration_ms", Math.round(response.durationMs() * 1000) / 1000.0);
        return ToolResults.structured(content);
    }
}
