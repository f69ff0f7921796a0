package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.error.InvalidArgument;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.Operator;
import io.fluxbase.mcp.kernel.filter.Scalar;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a row's history through the log gate, in the caller's transaction. For a role under row-level security the
 * history is asked for only if the caller can read the row now: the EXISTS runs under the caller's role and
 * policies, the gate function (which sees the log) only when it is true, and it gives the changes of the row with
 * exactly those key values ({@code $4}), since the row was last created, the newest that fit in {@code $5} bytes:
 * <pre>
 * SELECT fluxbase_gate.row_history($1, $2, $3, $4, $5)
 * WHERE EXISTS (SELECT 1 FROM "public"."tasks" AS _t WHERE _t."id" = CAST($6 AS integer))
 * </pre>
 */
public final class RowHistoryStatement {

    /** The URI's last part, named in errors. */
    public static final String ARGUMENT = "id";

    private RowHistoryStatement() {
    }

    /**
     * @param rowKey        the primary key's values in key order, comma-separated (the last value may hold commas)
     * @param mustSeeTheRow false for a role that bypasses row-level security: it may see deleted rows' history too
     * @param maxBytes      the most bytes of changes the answer holds (the newest are kept)
     * @throws IllegalArgumentException naming {@code id} when the table has no primary key or the values do not fit it
     */
    public static BoundSql read(String gateKey, TableShape shape, String rowKey, boolean mustSeeTheRow,
            long maxBytes) {
        List<Object> parameters = new ArrayList<>(List.of(gateKey, shape.table().displayName(), rowKey));
        String sql = "SELECT fluxbase_gate.row_history($1, $2, $3, $4, $5)";
        if (!mustSeeTheRow) {
            // no values named: every change kept under the key, deleted rows' included
            parameters.add(new String[0]);
            parameters.add(maxBytes);
            return new BoundSql(sql, parameters);
        }
        List<String> key = shape.primaryKey();
        if (key.isEmpty()) {
            throw new InvalidArgument(ARGUMENT, shape.table().displayName() + " has no primary key,"
                    + " so its rows have no history by id");
        }
        String[] values = rowKey.split(",", key.size());
        if (values.length != key.size()) {
            throw new InvalidArgument(ARGUMENT, shape.table().displayName() + "'s primary key is "
                    + String.join(", ", key) + "; give its " + key.size() + " values in that order, joined by commas");
        }
        parameters.add(values);
        parameters.add(maxBytes);
        List<Condition> conditions = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            conditions.add(new Condition(key.get(i), Operator.EQ, false, new Scalar(values[i])));
        }
        BoundSql where = WhereClause.render(shape, conditions, SelectStatement.TABLE_ALIAS, parameters.size() + 1);
        parameters.addAll(where.parameters());
        return new BoundSql(sql + " WHERE EXISTS (SELECT 1 FROM " + shape.table().qualified() + " AS "
                + SelectStatement.TABLE_ALIAS + " WHERE " + where.text() + ")", parameters);
    }
}
