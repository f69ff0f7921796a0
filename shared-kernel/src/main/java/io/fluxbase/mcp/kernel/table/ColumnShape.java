package io.fluxbase.mcp.kernel.table;

import java.util.Objects;

/**
 * One column as the catalog describes it.
 *
 * @param dataType PostgreSQL {@code format_type()} output, e.g. {@code integer}, {@code text[]},
 *                 {@code numeric(10,2)}, {@code public.mood}. Trusted: it comes from the catalog,
 *                 never from a caller, which is why the SQL builders may splice it into casts.
 */
public record ColumnShape(String name, String dataType, boolean nullable, boolean hasDefault) {

    public ColumnShape {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
        if (dataType.isBlank()) {
            throw new IllegalArgumentException("column '" + name + "' has a blank data type");
        }
    }

    /** True for array types; {@code format_type()} spells every array as {@code element[]}. */
    public boolean isArray() {
        return dataType.endsWith("[]");
    }
}
