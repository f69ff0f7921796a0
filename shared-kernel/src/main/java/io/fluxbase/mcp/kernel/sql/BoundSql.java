package io.fluxbase.mcp.kernel.sql;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * SQL text plus its parameters, bound in order as {@code $1, $2, ...} (PostgreSQL native / R2DBC).
 * Parameters are {@code String}, {@code String[]} (for {@code = ANY}) or {@code Long}; never null. {@code casts}
 * says which of them are caller values cast to a column's or argument's type, and whose.
 */
public record BoundSql(String text, List<Object> parameters, List<ValueCast> casts) {

    public BoundSql {
        Objects.requireNonNull(text, "text");
        parameters = List.copyOf(parameters);
        casts = List.copyOf(casts);
    }

    public BoundSql(String text, List<Object> parameters) {
        this(text, parameters, List.of());
    }

    /** Shows array parameters by content, so logs and test failures are readable. */
    @Override
    public String toString() {
        return "BoundSql[text=" + text + ", parameters=" + parameters.stream()
                .map(p -> p instanceof Object[] array ? Arrays.toString(array) : String.valueOf(p))
                .collect(Collectors.joining(", ", "[", "]")) + "]";
    }
}
