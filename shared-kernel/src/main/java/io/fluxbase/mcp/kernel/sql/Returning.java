package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.error.InvalidArgument;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The RETURNING clause of a write: present only when the caller asked for columns, and then one text column,
 * {@code _row}, the asked-for columns as a JSON object. Nothing else is read back: the change log learns about the
 * written rows from the database itself (the capture triggers), so a write needs no SELECT privilege or policy
 * beyond what the caller asked to see. {@code "*"} means the columns the key's role may read (the shape holds only
 * those), so a table with column-level grants can still be written and read back.
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
            throw new InvalidArgument(ARGUMENT, "'*' must be used alone; give [\"*\"] for whole rows "
                    + "or a list of column names such as [\"id\", \"title\"]");
        }
        Columns.requireAll(shape, ARGUMENT, distinct);
        return distinct;
    }

    /** {@code  RETURNING (...)::text AS _row} with a leading space, or nothing; columns already checked. */
    static String clause(TableShape shape, List<String> checked) {
        if (checked.isEmpty()) {
            return "";
        }
        List<String> columns = checked.equals(List.of(ALL)) ? shape.columnNames() : checked;
        if (columns.isEmpty()) {
            return ""; // the role may read none of the table's columns
        }
        // A sub-select, not json_build_object: row_to_json keeps column types as PostgreSQL renders them in JSON.
        return " RETURNING (SELECT row_to_json(_r) FROM (SELECT " + columns.stream()
                .map(c -> Columns.reference(SelectStatement.TABLE_ALIAS, c))
                .collect(Collectors.joining(", ")) + ") AS _r)::text AS _row";
    }
}
