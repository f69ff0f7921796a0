package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.List;

/** delete_record: removes the rows the (non-empty) filter matches. */
public record DeleteRecordsCommand(Caller caller, TableShape table, List<Condition> filter, List<String> returning)
        implements TableWriteCommand {

    public DeleteRecordsCommand {
        filter = List.copyOf(filter);
        returning = List.copyOf(returning);
    }
}
