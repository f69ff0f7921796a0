package io.fluxbase.mcp.kernel.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The live shape of a table. The only authority on which column names may reach SQL text.
 *
 * @param columns    the columns the key's role may read or write, in catalog (attnum) order; "all columns" means
 *                   the readable ones in this order
 * @param primaryKey column names in key order, empty when the table has none
 */
public record TableShape(TableRef table, List<ColumnShape> columns, List<String> primaryKey, boolean rlsEnabled) {

    public TableShape {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** Exact, case-sensitive lookup, matching how quoted identifiers behave. */
    public Optional<ColumnShape> column(String name) {
        for (ColumnShape column : columns) {
            if (column.name().equals(name)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /** Whether the role may read any column at all: a table it may only write is unknown to a read. */
    public boolean hasReadableColumns() {
        for (ColumnShape column : columns) {
            if (column.readable()) {
                return true;
            }
        }
        return false;
    }

    /** The columns a caller may read, in catalog order (a loop: every read that names no columns asks for them). */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (ColumnShape column : columns) {
            if (column.readable()) {
                names.add(column.name());
            }
        }
        return Collections.unmodifiableList(names);
    }

    /** Every column a caller may read or write, in catalog order. */
    public List<String> writableColumnNames() {
        return columns.stream().map(ColumnShape::name).toList();
    }
}
