package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.function.FunctionName;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * invoke_function: runs a deployed edge function with a JSON body, its {@code ctx.db} under the calling key's role.
 * The answer is the function's status, headers and body; a function that throws or hits a limit is an isError
 * result with its message, never a stack trace.
 */
@Component
class InvokeFunctionTool implements McpTool {

    private final FunctionInvocations invocations;

    InvokeFunctionTool(FunctionInvocations invocations) {
        this.invocations = invocations;
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
        return invocations.invoke(call, name, request, "mcp").map(outcome -> switch (outcome) {
            case FunctionInvocations.Answered answered -> rendered(answered);
            case FunctionInvocations.Refused refused -> ToolResults.error(call, refused.code(), refused.message());
        });
    }

    private static McpSchema.CallToolResult rendered(FunctionInvocations.Answered answered) {
        FunctionResponse response = answered.response();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", answered.function().name());
        content.put("version", answered.function().version());
        content.put("status", response.status());
        content.put("headers", response.headers());
        content.put("body", response.body());
        content.put("duration_ms", Math.round(response.durationMs() * 1000) / 1000.0);
        return ToolResults.structured(content);
    }
}
