package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.identifier.Identifiers;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.Collection;

/** Resolves caller-given column names against the table shape; the gate every builder goes through. */
public final class Columns {

    private Columns() {
    }

    /**
     * A column the caller reads: selects, filters, orders by or asks to have returned. One the key's role may only
     * write is as unknown here as one that does not exist.
     *
     * @param argument names the tool argument in the error, e.g. {@code filter}
     * @throws UnknownColumnException if the table has no such column the role may read
     */
    public static ColumnShape require(TableShape shape, String argument, String column) {
        return shape.column(column).filter(ColumnShape::readable)
                .orElseThrow(() -> new UnknownColumnException(argument, column, shape.table(), shape.columnNames()));
    }

    /** Checks all names, failing on the first unknown one. */
    public static void requireAll(TableShape shape, String argument, Collection<String> columns) {
        for (String column : columns) {
            require(shape, argument, column);
        }
    }

    /** A column the caller writes a value into; PostgreSQL checks the role's INSERT or UPDATE privilege on it. */
    static ColumnShape requireWritable(TableShape shape, String argument, String column) {
        return shape.column(column).orElseThrow(() -> new UnknownColumnException(argument, column, shape.table(),
                shape.writableColumnNames()));
    }

    /** {@code alias."column"}, or just {@code "column"} when alias is empty. Column must already be checked. */
    static String reference(String alias, String column) {
        String quoted = Identifiers.quote(column);
        return alias.isEmpty() ? quoted : alias + "." + quoted;
    }

    /** Aliases are ours, not the caller's, but they are spliced, so keep them to plain names. */
    static String checkAlias(String alias) {
        if (!alias.isEmpty() && !Identifiers.isPlain(alias)) {
            throw new IllegalArgumentException("table alias '" + alias + "' must be a plain lower-case identifier");
        }
        return alias;
    }
}
