package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.OrderTerm;
import io.fluxbase.mcp.kernel.table.TableRef;
import java.util.List;

/** A parsed query_table call; identifiers are checked against the live table before any SQL is built. */
public record SelectRowsQuery(
        Caller caller,
        TableRef table,
        List<String> columns,
        List<Condition> filter,
        List<OrderTerm> order,
        int limit,
        int offset,
        long byteCap) {

    public SelectRowsQuery {
        columns = List.copyOf(columns);
        filter = List.copyOf(filter);
        order = List.copyOf(order);
    }
}
