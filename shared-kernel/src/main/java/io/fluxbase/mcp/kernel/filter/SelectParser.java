package io.fluxbase.mcp.kernel.filter;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses the {@code select} argument: a comma-separated list of plain column names. PostgREST's
 * richer select syntax (casts, JSON paths, aliases, embedded resources) is refused outright rather
 * than half-supported, so a caller never gets silently different data from what it asked for.
 */
public final class SelectParser {

    private static final String ARGUMENT = "select";
    private static final String HINT = "list plain column names separated by commas, e.g. 'id,title', "
            + "or use '*' for all columns";

    private SelectParser() {
    }

    /**
     * @return column names in the given order, duplicates dropped; empty means all columns
     *         (null, blank or {@code *} input)
     * @throws FilterSyntaxError naming {@code select}
     */
    public static List<String> parse(@Nullable String select) {
        if (select == null || select.isBlank() || select.strip().equals("*")) {
            return List.of();
        }
        // Duplicates would give row_to_json duplicate keys; dropping them loses nothing.
        Set<String> columns = new LinkedHashSet<>();
        for (String raw : select.split(",", -1)) {
            String column = raw.strip();
            if (column.isEmpty()) {
                throw new FilterSyntaxError(ARGUMENT, "empty column name in '" + select + "'; " + HINT);
            }
            rejectUnsupported(select, column);
            columns.add(column);
        }
        return List.copyOf(columns);
    }

    private static void rejectUnsupported(String select, String column) {
        String problem;
        if (column.indexOf('*') >= 0) {
            problem = "'*' must be used alone, not with other columns";
        } else if (column.contains("::")) {
            problem = "casts ('::') are not supported";
        } else if (column.contains("->")) {
            problem = "JSON paths ('->', '->>') are not supported; select the whole column";
        } else if (column.indexOf('(') >= 0 || column.indexOf(')') >= 0) {
            problem = "embedded resources and function calls ('x(y)') are not supported; query each table separately";
        } else if (column.indexOf(':') >= 0) {
            problem = "aliases ('alias:column') are not supported";
        } else if (column.indexOf('"') >= 0) {
            problem = "quotes are not needed, write the column name as it is";
        } else if (column.indexOf('!') >= 0) {
            problem = "hints ('!') are not supported";
        } else {
            return;
        }
        throw new FilterSyntaxError(ARGUMENT, "'" + column + "' in '" + select + "': " + problem + "; " + HINT);
    }
}
