package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.IsValue;
import io.fluxbase.mcp.kernel.filter.Operator;
import io.fluxbase.mcp.kernel.filter.Scalar;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.List;

/**
 * Refuses update and delete filters that match every row by construction, where a caller meant "all rows" without
 * saying so: {@code like.*} (any text) or {@code not.is.null} on a column that cannot be null. A filter with at
 * least one condition that can narrow the rows passes.
 */
final class WholeTableFilters {

    private WholeTableFilters() {
    }

    static void refuse(TableShape shape, List<Condition> filter) {
        for (Condition condition : filter) {
            if (!alwaysTrue(shape, condition)) {
                return;
            }
        }
        Condition first = filter.get(0);
        throw new IllegalArgumentException(WhereClause.ARGUMENT + ": {\"" + first.column() + "\": ...} would match"
                + " every row of " + shape.table().displayName() + " by construction; narrow it to the rows you"
                + " mean, e.g. {\"id\": \"eq.5\"}");
    }

    private static boolean alwaysTrue(TableShape shape, Condition condition) {
        ColumnShape column = Columns.require(shape, WhereClause.ARGUMENT, condition.column());
        boolean anyText = (condition.op() == Operator.LIKE || condition.op() == Operator.ILIKE)
                && !condition.negated() && ((Scalar) condition.value()).text().chars().allMatch(c -> c == '%')
                && !column.nullable();
        boolean notNull = condition.op() == Operator.IS && condition.negated() && condition.value() == IsValue.NULL
                && !column.nullable();
        return anyText || notNull;
    }
}
