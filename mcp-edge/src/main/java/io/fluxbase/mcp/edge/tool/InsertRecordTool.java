package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.InsertRecordsCommand;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** insert_record: one row or up to 1,000, under the key's role and row-level security, each a change event. */
@Component
class InsertRecordTool implements McpTool {

    private final TableWrites writes;

    InsertRecordTool(TableWrites writes) {
        this.writes = writes;
    }

    @Override
    public String name() {
        return "insert_record";
    }

    @Override
    public Scope requiredScope() {
        return Scope.WRITE_TABLES;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Insert rows")
                .description("Insert one row (an object) or several (an array of up to 1000 objects) into a table,"
                        + " under row-level security. Columns left out get their defaults. Values are JSON and"
                        + " are converted to each column's type (uuid, numeric, timestamptz, jsonb, arrays, enums"
                        + " ...). 'returning' names the columns to send back. Read schema://tables/{table} for"
                        + " columns and policies.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "table", WriteSchemas.TABLE,
                                "data", Map.of("type", List.of("object", "array"), "items", WriteSchemas.ROW,
                                        "description", "One row (column to value), or an array of up to 1000 rows"),
                                "returning", WriteSchemas.RETURNING),
                        "required", List.of("table", "data"),
                        "additionalProperties", false))
                .outputSchema(WriteSchemas.OUTPUT)
                .annotations(new McpSchema.ToolAnnotations("Insert rows", false, false, false, false, null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        ToolArguments args = new ToolArguments(arguments);
        return writes.write(call, arguments, shape -> new InsertRecordsCommand(call.principal().caller(), shape,
                args.rows("data"), args.columns("returning")));
    }
}
