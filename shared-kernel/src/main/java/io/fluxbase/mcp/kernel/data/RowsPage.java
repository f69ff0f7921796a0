package io.fluxbase.mcp.kernel.data;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rows as JSON objects (one JSON text per row, rendered by PostgreSQL so every type keeps its own text form).
 * {@code truncated} says the limit or the byte cap cut the result; {@code nextOffset} is where to continue.
 */
public record RowsPage(List<String> rows, boolean truncated, @Nullable Integer nextOffset, long bytes) {

    public RowsPage {
        rows = List.copyOf(rows);
    }
}
