package io.fluxbase.mcp.kernel.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Parses the {@code order} argument: {@code col.desc,col2.asc.nullslast,col3}, PostgREST style. */
public final class OrderParser {

    private static final String ARGUMENT = "order";
    private static final String HINT = "write terms like 'col', 'col.asc' or 'col.desc', optionally followed by "
            + "'.nullsfirst' or '.nullslast', separated by commas, e.g. 'created_at.desc.nullslast,id'";

    private OrderParser() {
    }

    /**
     * @return terms in the given order; empty for null or blank input
     * @throws FilterSyntaxError naming {@code order} and the bad term
     */
    public static List<OrderTerm> parse(@Nullable String order) {
        if (order == null || order.isBlank()) {
            return List.of();
        }
        List<OrderTerm> terms = new ArrayList<>();
        // -1 keeps trailing empty terms so "a," is reported rather than silently accepted.
        for (String raw : order.split(",", -1)) {
            String term = raw.strip();
            if (term.isEmpty()) {
                throw new FilterSyntaxError(ARGUMENT, "empty term in '" + order + "'; " + HINT);
            }
            terms.add(parseTerm(term));
        }
        return List.copyOf(terms);
    }

    private static OrderTerm parseTerm(String term) {
        String[] parts = term.split("\\.", -1);
        String column = parts[0].strip();
        if (column.isEmpty()) {
            throw new FilterSyntaxError(ARGUMENT, "missing column name in term '" + term + "'; " + HINT);
        }
        Boolean descending = null;
        Nulls nulls = null;
        for (int i = 1; i < parts.length; i++) {
            String modifier = parts[i].strip().toLowerCase(Locale.ROOT);
            switch (modifier) {
                case "asc", "desc" -> {
                    if (descending != null) {
                        throw new FilterSyntaxError(ARGUMENT, "term '" + term
                                + "' gives the direction twice; use either .asc or .desc");
                    }
                    descending = modifier.equals("desc");
                }
                case "nullsfirst", "nullslast" -> {
                    if (nulls != null) {
                        throw new FilterSyntaxError(ARGUMENT, "term '" + term
                                + "' gives the nulls position twice; use either .nullsfirst or .nullslast");
                    }
                    nulls = modifier.equals("nullsfirst") ? Nulls.FIRST : Nulls.LAST;
                }
                default -> throw new FilterSyntaxError(ARGUMENT, "unknown modifier '" + parts[i] + "' in term '"
                        + term + "'; " + HINT);
            }
        }
        return new OrderTerm(column, descending != null && descending, nulls == null ? Nulls.DEFAULT : nulls);
    }
}
