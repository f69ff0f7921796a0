package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The RETURNING clause every write statement ends with: three text columns, so the caller reads
 * each written row the same way whatever the table looks like.
 * <ul>
 *   <li>{@code _key}: the primary key as a JSON object, to tell the caller which rows it changed;</li>
 *   <li>{@code _row}: the columns the caller asked for in {@code returning};</li>
 *   <li>{@code _all}: the whole row, for value digests in the audit trail.</li>
 * </ul>
 */
final class Returning {

    static final String ARGUMENT = "returning";
    static final String ALL = "*";

    private Returning() {
    }

    /**
     * @return the columns in the given order, duplicates dropped; {@code ["*"]} stays as is
     * @throws UnknownColumnException naming {@code returning}
     */
    static List<String> check(TableShape shape, List<String> returning) {
        List<String> distinct = returning.stream().distinct().toList();
        if (distinct.equals(List.of(ALL))) {
            return distinct;
        }
        if (distinct.contains(ALL)) {
            throw new IllegalArgumentException(ARGUMENT + ": '*' must be used alone; give [\"*\"] for whole rows "
                    + "or a list of column names such as [\"id\", \"title\"]");
        }
        Columns.requireAll(shape, ARGUMENT, distinct);
        return distinct;
    }

    /** {@code  RETURNING ... AS _key, ... AS _row, ... AS _all}, with a leading space; columns already checked. */
    static String clause(TableShape shape, List<String> checked) {
        String row = checked.isEmpty() ? "NULL::text"
                : checked.equals(List.of(ALL)) ? wholeRow()
                : object(checked, "_r");
        String key = shape.primaryKey().isEmpty() ? "NULL::text" : object(shape.primaryKey(), "_k");
        return " RETURNING " + key + " AS _key, " + row + " AS _row, " + wholeRow() + " AS _all";
    }

    private static String wholeRow() {
        return "row_to_json(" + SelectStatement.TABLE_ALIAS + ")::text";
    }

    // A sub-select, not json_build_object: row_to_json keeps column types as PostgreSQL renders them in JSON.
    private static String object(List<String> columns, String alias) {
        return "(SELECT row_to_json(" + alias + ") FROM (SELECT " + columns.stream()
                .map(c -> Columns.reference(SelectStatement.TABLE_ALIAS, c))
                .collect(Collectors.joining(", ")) + ") AS " + alias + ")::text";
    }
}
