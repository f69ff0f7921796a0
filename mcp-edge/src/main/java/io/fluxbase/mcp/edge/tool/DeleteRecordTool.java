package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.DeleteRecordsCommand;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** delete_record: removes the rows a non-empty filter matches, under row-level security. */
@Component
class DeleteRecordTool implements McpTool {

    private final TableWrites writes;

    DeleteRecordTool(TableWrites writes) {
        this.writes = writes;
    }

    @Override
    public String name() {
        return "delete_record";
    }

    @Override
    public Scope requiredScope() {
        return Scope.WRITE_TABLES;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Delete rows")
                .description("Delete the rows that 'filter' matches (query_table's filter grammar, e.g."
                        + " {\"id\": \"eq.5\"}; required, and a filter that would match every row is refused)."
                        + " Row-level security applies. Returns how many rows were deleted, and the 'returning'"
                        + " columns of each.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "table", WriteSchemas.TABLE,
                                "filter", WriteSchemas.FILTER,
                                "returning", WriteSchemas.RETURNING),
                        "required", List.of("table", "filter"),
                        "additionalProperties", false))
                .outputSchema(WriteSchemas.OUTPUT)
                .annotations(new McpSchema.ToolAnnotations("Delete rows", false, true, true, false, null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        ToolArguments args = new ToolArguments(arguments);
        return writes.write(call, arguments, shape -> new DeleteRecordsCommand(call.principal().caller(), shape,
                FilterParser.parse(args.optionalObject("filter")), args.columns("returning")));
    }
}
