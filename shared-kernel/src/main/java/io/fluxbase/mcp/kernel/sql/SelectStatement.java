package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.error.InvalidArgument;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.OrderTerm;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the {@code query_table} SELECT. Each result row is one JSON text, produced by PostgreSQL's
 * {@code row_to_json}, so callers never map column types in Java:
 * <pre>
 * SELECT row_to_json(_r)::text FROM "public"."tasks" AS _t
 *   CROSS JOIN LATERAL (SELECT _t."id", _t."title") AS _r
 *   WHERE ... ORDER BY ... LIMIT $n OFFSET $m
 * </pre>
 */
public final class SelectStatement {

    static final String TABLE_ALIAS = "_t";
    static final String ROW_ALIAS = "_r";

    private SelectStatement() {
    }

    /**
     * @param columns column names to return, in order; empty means every column in table order
     * @param where   conditions, ANDed
     * @param order   sort terms, in priority order
     * @param limit   bound as a {@code Long} parameter; must be 0 or more
     * @param offset  bound as a {@code Long} parameter; must be 0 or more
     * @throws UnknownColumnException   naming {@code select}, {@code filter} or {@code order}, checked in that order
     *                                  before anything is rendered
     * @throws io.fluxbase.mcp.kernel.filter.FilterSyntaxError if an operator does not fit its column
     * @throws IllegalArgumentException if limit or offset is negative
     */
    public static BoundSql select(TableShape shape, List<String> columns, List<Condition> where,
                                  List<OrderTerm> order, long limit, long offset) {
        if (limit < 0) {
            throw new InvalidArgument("limit", "must be 0 or more, got " + limit);
        }
        if (offset < 0) {
            throw new InvalidArgument("offset", "must be 0 or more, got " + offset);
        }
        // Validate every caller-given name first, so nothing is rendered from a partly valid request.
        Columns.requireAll(shape, "select", columns);
        WhereClause.requireColumns(shape, where);
        for (OrderTerm term : order) {
            Columns.require(shape, "order", term.column());
        }

        List<String> selected = columns.isEmpty() ? shape.columnNames() : columns.stream().distinct().toList();
        StringBuilder sql = new StringBuilder("SELECT row_to_json(").append(ROW_ALIAS).append(")::text FROM ")
                .append(shape.table().qualified()).append(" AS ").append(TABLE_ALIAS)
                .append(" CROSS JOIN LATERAL (SELECT");
        for (int i = 0; i < selected.size(); i++) {
            sql.append(i == 0 ? " " : ", ").append(Columns.reference(TABLE_ALIAS, selected.get(i)));
        }
        sql.append(") AS ").append(ROW_ALIAS);

        BoundSql whereSql = WhereClause.render(shape, where, TABLE_ALIAS, 1);
        List<Object> parameters = new ArrayList<>(whereSql.parameters());
        if (!whereSql.text().isEmpty()) {
            sql.append(" WHERE ").append(whereSql.text());
        }
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(order.stream().map(SelectStatement::orderTerm)
                    .collect(Collectors.joining(", ")));
        }
        parameters.add(limit);
        sql.append(" LIMIT $").append(parameters.size());
        parameters.add(offset);
        sql.append(" OFFSET $").append(parameters.size());
        // the filter's values come first, so their casts keep their indexes (which value PostgreSQL refused)
        return new BoundSql(sql.toString(), parameters, whereSql.casts());
    }

    private static String orderTerm(OrderTerm term) {
        String rendered = Columns.reference(TABLE_ALIAS, term.column()) + (term.descending() ? " DESC" : " ASC");
        return switch (term.nulls()) {
            case DEFAULT -> rendered;
            case FIRST -> rendered + " NULLS FIRST";
            case LAST -> rendered + " NULLS LAST";
        };
    }
}
