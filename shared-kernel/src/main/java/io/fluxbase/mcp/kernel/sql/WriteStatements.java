package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.error.InvalidArgument;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.identifier.Identifiers;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the INSERT, UPDATE and DELETE of the write tools. Each statement names the table {@code _t}; only when the
 * caller asked for columns does it return them, as one text column {@code _row} (see {@link Returning}):
 * <pre>
 * INSERT INTO "public"."tasks" AS _t ("id", "title") VALUES (CAST($1 AS integer), CAST($2 AS text))
 *   RETURNING (SELECT row_to_json(_r) FROM (SELECT _t."id") AS _r)::text AS _row
 * </pre>
 * Values are text parameters cast to the column type; a JSON null is written as the NULL keyword.
 */
public final class WriteStatements {

    /** Rows per insert; more would make one statement (and one failure) too big to reason about. */
    public static final int MAX_ROWS = 1000;

    static final String DATA = "data";

    private WriteStatements() {
    }

    /**
     * @param rows      column name to JSON value; a column some rows lack gets its DEFAULT in those rows
     * @param returning columns for {@code _row}; empty for none, {@code ["*"]} for every readable column
     * @throws UnknownColumnException   naming {@code data} or {@code returning}, before anything is rendered
     * @throws IllegalArgumentException for no rows, too many rows, several empty rows or a value that cannot fit
     */
    public static BoundSql insert(TableShape shape, List<Map<String, @Nullable Object>> rows, List<String> returning) {
        if (rows.isEmpty()) {
            throw new InvalidArgument(DATA, "give one object or an array of up to " + MAX_ROWS + " objects");
        }
        if (rows.size() > MAX_ROWS) {
            throw new InvalidArgument(DATA, "at most " + MAX_ROWS + " rows per call, got " + rows.size()
                    + "; split the insert into several calls");
        }
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(row -> names.addAll(row.keySet()));
        names.forEach(name -> Columns.requireWritable(shape, DATA, name));
        if (names.isEmpty() && rows.size() > 1) {
            throw new InvalidArgument(DATA, "every row is empty; name at least one column");
        }
        List<String> checkedReturning = Returning.check(shape, returning);

        StringBuilder sql = new StringBuilder("INSERT INTO ").append(shape.table().qualified())
                .append(" AS ").append(SelectStatement.TABLE_ALIAS);
        List<Object> parameters = new ArrayList<>();
        List<ValueCast> casts = new ArrayList<>();
        if (names.isEmpty()) {
            sql.append(" DEFAULT VALUES");
        } else {
            sql.append(" (").append(String.join(", ", names.stream().map(Identifiers::quote).toList()))
                    .append(") VALUES ");
            for (int i = 0; i < rows.size(); i++) {
                Map<String, @Nullable Object> row = rows.get(i);
                String prefix = rows.size() == 1 ? DATA + "." : DATA + "[" + i + "].";
                List<String> cells = new ArrayList<>(names.size());
                for (String name : names) {
                    cells.add(row.containsKey(name)
                            ? value(shape, prefix + name, name, row.get(name), parameters, casts) : "DEFAULT");
                }
                sql.append(i == 0 ? "(" : ", (").append(String.join(", ", cells)).append(')');
            }
        }
        sql.append(Returning.clause(shape, checkedReturning));
        return new BoundSql(sql.toString(), parameters, casts);
    }

    /**
     * @param data   column name to new JSON value; at least one
     * @param filter the rows to change, ANDed; required, and refused when it matches every row by construction
     * @throws UnknownColumnException   naming {@code data}, {@code filter} or {@code returning}, before rendering
     * @throws IllegalArgumentException for empty data, an empty or whole-table filter or a value that cannot fit
     */
    public static BoundSql update(TableShape shape, Map<String, @Nullable Object> data, List<Condition> filter,
                                  List<String> returning) {
        if (data.isEmpty()) {
            throw new InvalidArgument(DATA, "give at least one column to change, e.g. {\"status\": \"done\"}");
        }
        requireFilter(filter);
        data.keySet().forEach(name -> Columns.requireWritable(shape, DATA, name));
        List<String> checkedReturning = checkFilterAndReturning(shape, filter, returning, "update");

        List<Object> parameters = new ArrayList<>();
        List<ValueCast> casts = new ArrayList<>();
        List<String> assignments = new ArrayList<>(data.size());
        for (Map.Entry<String, @Nullable Object> entry : data.entrySet()) {
            assignments.add(Identifiers.quote(entry.getKey()) + " = "
                    + value(shape, DATA + "." + entry.getKey(), entry.getKey(), entry.getValue(), parameters,
                    casts));
        }
        BoundSql where = WhereClause.render(shape, filter, SelectStatement.TABLE_ALIAS, parameters.size() + 1);
        parameters.addAll(where.parameters());
        casts.addAll(where.casts());
        String sql = "UPDATE " + shape.table().qualified() + " AS " + SelectStatement.TABLE_ALIAS
                + " SET " + String.join(", ", assignments) + " WHERE " + where.text()
                + Returning.clause(shape, checkedReturning);
        return new BoundSql(sql, parameters, casts);
    }

    /**
     * @param filter the rows to delete, ANDed; required, and refused when it matches every row by construction
     * @throws UnknownColumnException   naming {@code filter} or {@code returning}, before rendering
     * @throws IllegalArgumentException for an empty or whole-table filter
     */
    public static BoundSql delete(TableShape shape, List<Condition> filter, List<String> returning) {
        requireFilter(filter);
        List<String> checkedReturning = checkFilterAndReturning(shape, filter, returning, "delete");
        BoundSql where = WhereClause.render(shape, filter, SelectStatement.TABLE_ALIAS, 1);
        String sql = "DELETE FROM " + shape.table().qualified() + " AS " + SelectStatement.TABLE_ALIAS
                + " WHERE " + where.text() + Returning.clause(shape, checkedReturning);
        return new BoundSql(sql, where.parameters(), where.casts());
    }

    private static void requireFilter(List<Condition> filter) {
        if (filter.isEmpty()) {
            throw new InvalidArgument(WhereClause.ARGUMENT, "required; give at least one condition such as "
                    + "{\"id\": \"eq.5\"} (an empty filter would change every row)");
        }
    }

    private static List<String> checkFilterAndReturning(TableShape shape, List<Condition> filter,
                                                        List<String> returning, String verb) {
        WhereClause.requireColumns(shape, filter);
        List<String> checked = Returning.check(shape, returning);
        WholeTableFilter.refuse(shape, filter, verb);
        return checked;
    }

    // CAST($n AS type) for a value, the NULL keyword for a JSON null (no parameter: drivers type null poorly).
    private static String value(TableShape shape, String argument, String name, @Nullable Object value,
                                List<Object> parameters, List<ValueCast> casts) {
        ColumnShape column = Columns.requireWritable(shape, DATA, name);
        String parameter = ColumnValues.parameter(argument, name, column.dataType(), value);
        if (parameter == null) {
            return "NULL";
        }
        parameters.add(parameter);
        casts.add(new ValueCast(parameters.size() - 1, argument, CastTypes.castType(column)));
        return "CAST($" + parameters.size() + " AS " + CastTypes.castType(column) + ")";
    }
}
