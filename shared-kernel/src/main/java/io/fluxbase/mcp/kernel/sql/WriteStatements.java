package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds insert_record's, update_record's and delete_record's statements. Each returns, per written row, three
 * texts: {@code _key} (the primary key as a JSON object, for the change event), {@code _row} (the columns asked for
 * in {@code returning}) and {@code _all} (the whole row, for the value digest):
 * <pre>
 * INSERT INTO "public"."tasks" AS _t ("title") VALUES (CAST($1 AS text))
 *   RETURNING (SELECT row_to_json(_k) FROM (SELECT _t."id") AS _k)::text AS _key, NULL::text AS _row,
 *             row_to_json(_t)::text AS _all
 * </pre>
 * Column names are checked against the table shape before anything is rendered; values are bound parameters.
 */
public final class WriteStatements {

    public static final int MAX_ROWS = 1000;

    private static final String ALIAS = "_t";

    private WriteStatements() {
    }

    public static BoundSql insert(TableShape shape, List<Map<String, @Nullable Object>> rows,
            List<String> returning) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("data: give one object or an array of up to " + MAX_ROWS
                    + " objects");
        }
        if (rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("data: at most " + MAX_ROWS + " rows per call, got " + rows.size()
                    + "; split the insert into several calls");
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(row -> columns.addAll(row.keySet()));
        Columns.requireAll(shape, "data", columns);
        String returned = returning(shape, returning);
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(shape.table().qualified()).append(" AS ")
                .append(ALIAS);
        if (columns.isEmpty()) {
            if (rows.size() > 1) {
                throw new IllegalArgumentException("data: every row is empty; name at least one column");
            }
            return new BoundSql(sql.append(" DEFAULT VALUES").append(returned).toString(), List.of());
        }
        sql.append(" (").append(columns.stream().map(Identifiers::quote).collect(Collectors.joining(", ")))
                .append(") VALUES ");
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, @Nullable Object> row = rows.get(i);
            String prefix = rows.size() == 1 ? "data." : "data[" + i + "].";
            List<String> cells = new ArrayList<>(columns.size());
            for (String column : columns) {
                cells.add(row.containsKey(column)
                        ? value(Columns.require(shape, "data", column), prefix + column, row.get(column), parameters)
                        : "DEFAULT");
            }
            sql.append(i == 0 ? "(" : ", (").append(String.join(", ", cells)).append(')');
        }
        return new BoundSql(sql.append(returned).toString(), parameters);
    }

    public static BoundSql update(TableShape shape, Map<String, @Nullable Object> data, List<Condition> filter,
            List<String> returning) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("data: give at least one column to change, e.g."
                    + " {\"status\": \"done\"}");
        }
        Columns.requireAll(shape, "data", data.keySet());
        checkFilter(shape, filter);
        String returned = returning(shape, returning);
        List<Object> parameters = new ArrayList<>();
        List<String> assignments = new ArrayList<>(data.size());
        data.forEach((column, value) -> assignments.add(Identifiers.quote(column) + " = "
                + value(Columns.require(shape, "data", column), "data." + column, value, parameters)));
        BoundSql whereSql = WhereClause.render(shape, filter, ALIAS, parameters.size() + 1);
        parameters.addAll(whereSql.parameters());
        return new BoundSql("UPDATE " + shape.table().qualified() + " AS " + ALIAS + " SET "
                + String.join(", ", assignments) + " WHERE " + whereSql.text() + returned, parameters);
    }

    public static BoundSql delete(TableShape shape, List<Condition> filter, List<String> returning) {
        checkFilter(shape, filter);
        String returned = returning(shape, returning);
        BoundSql whereSql = WhereClause.render(shape, filter, ALIAS, 1);
        return new BoundSql("DELETE FROM " + shape.table().qualified() + " AS " + ALIAS + " WHERE "
                + whereSql.text() + returned, whereSql.parameters());
    }

    private static String value(ColumnShape column, String argument, @Nullable Object value,
            List<Object> parameters) {
        String text = ColumnValues.parameter(argument, column.name(), column.dataType(), value);
        if (text == null) {
            return "NULL";
        }
        parameters.add(text);
        return "CAST($" + parameters.size() + " AS " + CastTypes.castType(column) + ")";
    }

    /** Checks the filter's columns and refuses filters that are empty or match every row by construction. */
    private static void checkFilter(TableShape shape, List<Condition> filter) {
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("filter: required; give at least one condition such as"
                    + " {\"id\": \"eq.5\"} (an empty filter would change every row)");
        }
        Columns.requireAll(shape, WhereClause.ARGUMENT, filter.stream().map(Condition::column).toList());
        WholeTableFilters.refuse(shape, filter);
    }

    private static String returning(TableShape shape, List<String> returning) {
        List<String> columns = returning.stream().distinct().toList();
        boolean all = columns.equals(List.of("*"));
        if (!all) {
            Columns.requireAll(shape, "returning", columns);
        }
        String key = shape.primaryKey().isEmpty() ? "NULL::text" : jsonOf(shape.primaryKey(), "_k");
        String row = all ? "row_to_json(" + ALIAS + ")::text" : columns.isEmpty() ? "NULL::text"
                : jsonOf(columns, "_r");
        return " RETURNING " + key + " AS _key, " + row + " AS _row, row_to_json(" + ALIAS + ")::text AS _all";
    }

    private static String jsonOf(List<String> columns, String alias) {
        return "(SELECT row_to_json(" + alias + ") FROM (SELECT " + columns.stream()
                .map(column -> Columns.reference(ALIAS, column)).collect(Collectors.joining(", "))
                + ") AS " + alias + ")::text";
    }
}
