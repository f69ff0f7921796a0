package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.UpdateRecordsCommand;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** update_record: new values for the rows a non-empty filter matches, under row-level security. */
@Component
class UpdateRecordTool implements McpTool {

    private final TableWrites writes;

    UpdateRecordTool(TableWrites writes) {
        this.writes = writes;
    }

    @Override
    public String name() {
        return "update_record";
    }

    @Override
    public Scope requiredScope() {
        return Scope.WRITE_TABLES;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Update rows")
                .description("Set new values on the rows that 'filter' matches (query_table's filter grammar,"
                        + " e.g. {\"id\": \"eq.5\"}; required). Row-level security applies: rows the key may not"
                        + " update are not matched. Returns how many rows changed, and the 'returning' columns.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "table", WriteSchemas.TABLE,
                                "data", Map.of("type", "object", "description", "Column to new value, e.g. {\"status\": \"done\"}"),
                                "filter", WriteSchemas.FILTER,
                                "returning", WriteSchemas.RETURNING),
                        "required", List.of("table", "data", "filter"),
                        "additionalProperties", false))
                .outputSchema(WriteSchemas.OUTPUT)
                .annotations(new McpSchema.ToolAnnotations("Update rows", false, true, true, false, null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        ToolArguments args = new ToolArguments(arguments);
        return writes.write(call, arguments, shape -> new UpdateRecordsCommand(call.principal().caller(), shape,
                args.requiredObject("data"), FilterParser.parse(args.optionalObject("filter")),
                args.columns("returning")));
    }
}
