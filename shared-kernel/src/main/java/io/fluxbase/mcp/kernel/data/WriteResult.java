package io.fluxbase.mcp.kernel.data;

import java.util.List;

/**
 * What a write did: the number of rows written (or returned, for a function) and the rows asked for, one JSON text
 * each, rendered by PostgreSQL.
 */
public record WriteResult(long count, List<String> rows) {

    public WriteResult {
        rows = List.copyOf(rows);
    }
}
