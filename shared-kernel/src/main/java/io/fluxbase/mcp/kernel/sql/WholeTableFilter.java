package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.error.InvalidArgument;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.IsValue;
import io.fluxbase.mcp.kernel.filter.Scalar;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Refuses UPDATE and DELETE filters that hold for every row by construction, such as
 * {@code title=like.*} or {@code id=not.is.null}: a model that cannot think of a real condition
 * tends to invent one of these, and the result is the same as having no filter at all.
 */
final class WholeTableFilter {

    private WholeTableFilter() {
    }

    /**
     * @param filter conditions whose columns are already checked against {@code shape}
     * @param verb   {@code update} or {@code delete}, for the message
     * @throws IllegalArgumentException starting {@code filter:} when every condition is always true
     */
    static void refuse(TableShape shape, List<Condition> filter, String verb) {
        for (Condition condition : filter) {
            if (!alwaysTrue(condition, Columns.require(shape, WhereClause.ARGUMENT, condition.column()))) {
                return;
            }
        }
        String pk = shape.primaryKey().isEmpty() ? filter.get(0).column() : shape.primaryKey().get(0);
        throw new InvalidArgument(WhereClause.ARGUMENT, filter.stream()
                .map(WholeTableFilter::display).collect(Collectors.joining(", ", "{", "}"))
                + " would match every row of " + shape.table().displayName() + ", so this would " + verb
                + " all of them; add a condition that picks the rows to " + verb + ", such as {"
                + JsonText.write(pk) + ": \"eq.5\"}");
    }

    // like.* keeps NULLs out, but a filter that only says "has any value" still picks no rows in particular.
    private static boolean alwaysTrue(Condition condition, ColumnShape column) {
        return switch (condition.op()) {
            case LIKE, ILIKE -> !condition.negated() && condition.value() instanceof Scalar pattern
                    && !pattern.text().isEmpty() && pattern.text().chars().allMatch(c -> c == '%');
            case IS -> condition.negated() && !column.nullable()
                    && (condition.value() == IsValue.NULL || condition.value() == IsValue.UNKNOWN);
            default -> false;
        };
    }

    // Shown the way the caller writes a filter entry; only like, ilike and is conditions get here.
    private static String display(Condition condition) {
        String value = switch (condition.value()) {
            case Scalar scalar -> scalar.text();
            case IsValue is -> is.keyword().toLowerCase(Locale.ROOT);
            default -> "...";
        };
        return JsonText.write(condition.column()) + ": "
                + JsonText.write((condition.negated() ? "not." : "") + condition.op().wireName() + "." + value);
    }
}
