package io.fluxbase.mcp.kernel.filter;

import java.util.Objects;

/** One {@code order} term, e.g. {@code created_at.desc.nullslast}. Column unchecked until SQL building. */
public record OrderTerm(String column, boolean descending, Nulls nulls) {

    public OrderTerm {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(nulls, "nulls");
    }

    public static OrderTerm asc(String column) {
        return new OrderTerm(column, false, Nulls.DEFAULT);
    }

    public static OrderTerm desc(String column) {
        return new OrderTerm(column, true, Nulls.DEFAULT);
    }
}
