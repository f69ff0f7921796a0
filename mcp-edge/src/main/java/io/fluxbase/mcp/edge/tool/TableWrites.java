package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.data.CatalogReader;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.table.TableShape;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What insert_record, update_record and delete_record share: the table is looked up in the live catalogue under the
 * key's role (so the command carries a checked shape), the write goes to the command log, and the answer says how
 * many rows were written, with the rows asked for in {@code returning}.
 */
@Component
class TableWrites {

    private final CatalogReader catalog;
    private final CommandLogWrites writes;

    TableWrites(CatalogReader catalog, CommandLogWrites writes) {
        this.catalog = catalog;
        this.writes = writes;
    }

    /** {@code command} may throw IllegalArgumentException or FilterSyntaxError for arguments it cannot use. */
    Mono<McpSchema.CallToolResult> write(CallContext call, Map<String, Object> arguments,
            Function<TableShape, WriteCommand> command) {
        TableRef table;
        try {
            table = TableRef.parse(new ToolArguments(arguments).requiredString("table"));
        } catch (IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        call.table(table.displayName());
        return Mono.fromFuture(() -> catalog.tableShape(call.principal().caller(), table))
                .flatMap(shape -> {
                    if (shape.isEmpty()) {
                        return Mono.just(ToolResults.refused(call, DataAccessRefusal.unknownTable(table)));
                    }
                    WriteCommand built;
                    try {
                        built = command.apply(shape.get());
                    } catch (IllegalArgumentException | FilterSyntaxError e) {
                        return Mono.just(ToolResults.invalid(call, e.getMessage()));
                    }
                    return writes.run(call, built, result -> rendered(table, result));
                });
    }

    private static McpSchema.CallToolResult rendered(TableRef table, WriteResult result) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("table", table.displayName());
        content.put("count", result.count());
        content.put("rows", ToolResults.verbatim(result.rows()));
        if (result.count() == 0) {
            content.put("message", "0 rows matched the filter, so nothing was changed; rows that row-level security"
                    + " hides from this key cannot match");
        }
        return ToolResults.structured(content);
    }
}
