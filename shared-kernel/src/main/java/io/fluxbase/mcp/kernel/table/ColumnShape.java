package io.fluxbase.mcp.kernel.table;

import java.util.Objects;

/**
 * One column as the catalog describes it to the key's role.
 *
 * @param dataType PostgreSQL {@code format_type()} output, e.g. {@code integer}, {@code text[]},
 *                 {@code numeric(10,2)}, {@code public.mood}. Trusted: it comes from the catalog,
 *                 never from a caller, which is why the SQL builders may splice it into casts.
 * @param readable whether the role may SELECT it; a column it may only write (a column-level grant) can be written
 *                 but never selected, filtered, ordered by or returned
 */
public record ColumnShape(String name, String dataType, boolean nullable, boolean hasDefault, boolean readable) {

    /** A column the role may read. */
    public ColumnShape(String name, String dataType, boolean nullable, boolean hasDefault) {
        this(name, dataType, nullable, hasDefault, true);
    }

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
