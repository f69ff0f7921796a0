package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.InvokeRpcCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.fluxbase.mcp.kernel.rpc.FunctionCalls;
import io.fluxbase.mcp.kernel.rpc.FunctionCatalog;
import io.fluxbase.mcp.kernel.rpc.FunctionSignature;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * invoke_rpc: calls a PostgreSQL function of the exposed schemas with named arguments, checked against its
 * signature in the catalogue (overloads told apart by argument names). It runs under the key's role in the command
 * log's transaction, so whatever the function changes commits with the call's record.
 */
@Component
class InvokeRpcTool implements McpTool {

    private final FunctionCatalog functions;
    private final CommandLogWrites writes;

    InvokeRpcTool(FunctionCatalog functions, CommandLogWrites writes) {
        this.functions = functions;
        this.writes = writes;
    }

    @Override
    public String name() {
        return "invoke_rpc";
    }

    @Override
    public Scope requiredScope() {
        return Scope.EXECUTE_RPC;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Call a database function")
                .description("Call an exposed PostgreSQL function with named arguments, e.g. {\"name\":"
                        + " \"add_task\", \"params\": {\"title\": \"Buy milk\"}}. Read rpc://list for the functions,"
                        + " their arguments and result types. Returns 'rows' for functions that return rows or"
                        + " sets, else 'value'.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "name", Map.of("type", "string", "description",
                                        "Function name, e.g. add_task or public.add_task"),
                                "params", Map.of("type", "object", "description",
                                        "Argument name to value; arguments with defaults may be left out")),
                        "required", List.of("name"),
                        "additionalProperties", false))
                .outputSchema(outputSchema())
                .annotations(new McpSchema.ToolAnnotations("Call a database function", false, true, false, false,
                        null))
                .build();
    }

    /**
     * What {@link #rendered} returns: the function's qualified name, then its rows (set- or row-returning functions;
     * a row is an object, a set of scalars gives scalars) or its one value (any JSON, null for void or SQL NULL).
     */
    static Map<String, Object> outputSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("function", Map.of("type", "string", "description", "The function called, schema.name"));
        properties.put("count", Map.of("type", "integer", "minimum", 0, "description",
                "How many rows the function returned"));
        properties.put("rows", Map.of("type", "array", "items", Map.of(), "description",
                "The rows of a set- or row-returning function: objects for rows, plain values for sets of scalars"));
        properties.put("value", Map.of("description", "The result of a function returning one value (null for void)"));
        return Map.of(
                "type", "object",
                "properties", properties,
                "required", List.of("function"),
                "oneOf", List.of(Map.of("required", List.of("count", "rows")), Map.of("required", List.of("value"))));
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        String name;
        Map<String, @Nullable Object> params;
        try {
            ToolArguments args = new ToolArguments(arguments);
            name = args.requiredString("name");
            Map<String, Object> given = args.optionalObject("params");
            params = given == null ? Map.of() : given;
        } catch (IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        return Mono.fromFuture(() -> functions.overloads(call.principal().caller(), name))
                .flatMap(overloads -> {
                    FunctionSignature function;
                    try {
                        function = FunctionCalls.resolve(overloads, name, params.keySet());
                    } catch (IllegalArgumentException e) {
                        return Mono.just(ToolResults.invalid(call, e.getMessage()));
                    }
                    return writes.run(call, new InvokeRpcCommand(call.principal().caller(), function, params),
                            result -> rendered(function, result));
                });
    }

    private static McpSchema.CallToolResult rendered(FunctionSignature function, WriteResult result) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("function", function.schema() + "." + function.name());
        if (function.returnsSet() || function.returnsRows()) {
            content.put("count", result.count());
            content.put("rows", ToolResults.verbatim(result.rows()));
        } else {
            content.put("value", result.rows().isEmpty() ? null : ToolResults.verbatim(result.rows().get(0)));
        }
        return ToolResults.structured(content);
    }
}
