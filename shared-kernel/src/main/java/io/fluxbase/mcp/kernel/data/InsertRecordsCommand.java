package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** insert_record: one or more rows, each a column-to-JSON-value map, and the columns to send back. */
public record InsertRecordsCommand(Caller caller, TableShape table, List<Map<String, @Nullable Object>> rows,
        List<String> returning) implements TableWriteCommand {

    public InsertRecordsCommand {
        rows = List.copyOf(rows);
        returning = List.copyOf(returning);
    }
}
