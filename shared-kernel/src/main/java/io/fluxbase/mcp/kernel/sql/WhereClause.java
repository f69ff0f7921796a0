package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.filter.ArrayLiteral;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.filter.IsValue;
import io.fluxbase.mcp.kernel.filter.ListValue;
import io.fluxbase.mcp.kernel.filter.Scalar;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders parsed conditions as a SQL boolean expression, shared by SELECT, UPDATE and DELETE.
 * Every value becomes a text parameter cast to the column's catalog type, so PostgreSQL, not Java,
 * decides what {@code '5'} means for an integer, a uuid or an enum.
 */
public final class WhereClause {

    /** The tool argument named in errors. */
    public static final String ARGUMENT = "filter";

    private WhereClause() {
    }

    /**
     * @param alias          table alias to qualify columns with ({@code _t}), or {@code ""} for none
     * @param firstParameter number of the first placeholder, e.g. 1 for {@code $1}; later placeholders follow
     * @return the conditions joined with {@code AND} (without the {@code WHERE} keyword) and their
     *         parameters, with the casts of the values each {@code filter.<column>} gave (indexes counted from
     *         {@code firstParameter}); empty text and no parameters when there are no conditions
     * @throws UnknownColumnException if a condition names a column the table lacks
     * @throws FilterSyntaxError      if an operator cannot apply to its column (e.g. {@code in} on an array)
     */
    public static BoundSql render(TableShape shape, List<Condition> conditions, String alias, int firstParameter) {
        Columns.checkAlias(alias);
        if (firstParameter < 1) {
            throw new IllegalArgumentException("firstParameter must be 1 or more, got " + firstParameter);
        }
        requireColumns(shape, conditions);
        List<String> parts = new ArrayList<>(conditions.size());
        Bound bound = new Bound(firstParameter);
        for (Condition condition : conditions) {
            ColumnShape column = Columns.require(shape, ARGUMENT, condition.column());
            String rendered = render(condition, column, Columns.reference(alias, column.name()), bound);
            parts.add(condition.negated() ? "NOT (" + rendered + ")" : rendered);
        }
        return new BoundSql(String.join(" AND ", parts), bound.parameters, bound.casts);
    }

    /**
     * Checks that every condition names a column the role may read, failing on the first that does not, before
     * anything is rendered from them.
     *
     * @throws UnknownColumnException naming {@code filter} and the column
     */
    static void requireColumns(TableShape shape, List<Condition> conditions) {
        for (Condition condition : conditions) {
            Columns.require(shape, ARGUMENT, condition.column());
        }
    }

    private static String render(Condition condition, ColumnShape column, String ref, Bound bound) {
        return switch (condition.op()) {
            case EQ -> compare(ref, "=", column, condition, bound);
            case NEQ -> compare(ref, "<>", column, condition, bound);
            case GT -> compare(ref, ">", column, condition, bound);
            case GTE -> compare(ref, ">=", column, condition, bound);
            case LT -> compare(ref, "<", column, condition, bound);
            case LTE -> compare(ref, "<=", column, condition, bound);
            // ::text lets LIKE work on any column (numbers, uuids, enums) the way a caller expects.
            case LIKE -> ref + "::text LIKE " + bound.add(scalar(condition));
            case ILIKE -> ref + "::text ILIKE " + bound.add(scalar(condition));
            case IN -> in(ref, column, condition, bound);
            case IS -> ref + " IS " + ((IsValue) condition.value()).keyword();
            case CS -> contain(ref, "@>", column, condition, bound);
            case CD -> contain(ref, "<@", column, condition, bound);
            case OV -> contain(ref, "&&", column, condition, bound);
        };
    }

    private static String compare(String ref, String symbol, ColumnShape column, Condition condition, Bound bound) {
        return ref + " " + symbol + " " + bound.cast(scalar(condition), column, CastTypes.castType(column));
    }

    private static String in(String ref, ColumnShape column, Condition condition, Bound bound) {
        if (column.isArray()) {
            // "= ANY(array of arrays)" would compare whole arrays, almost never what the caller meant.
            throw new FilterSyntaxError(ARGUMENT + "." + column.name(), "'in' cannot be used on array column '"
                    + column.name() + "' (" + column.dataType() + "); use 'ov.{a,b}' for rows sharing any element, "
                    + "'cs.{a,b}' for rows containing all of them, or 'eq.{a,b}' for an exact array");
        }
        String[] items = ((ListValue) condition.value()).items().toArray(String[]::new);
        return ref + " = ANY(" + bound.cast(items, column, CastTypes.castType(column) + "[]") + ")";
    }

    private static String contain(String ref, String symbol, ColumnShape column, Condition condition, Bound bound) {
        String literal = ((ArrayLiteral) condition.value()).text();
        return ref + " " + symbol + " " + bound.cast(literal, column, CastTypes.castType(column));
    }

    private static String scalar(Condition condition) {
        return ((Scalar) condition.value()).text();
    }

    /** The parameters bound so far, and which of them are cast to a column's type. */
    private static final class Bound {

        private final int firstParameter;
        private final List<Object> parameters = new ArrayList<>();
        private final List<ValueCast> casts = new ArrayList<>();

        Bound(int firstParameter) {
            this.firstParameter = firstParameter;
        }

        String add(Object value) {
            parameters.add(value);
            return "$" + (firstParameter + parameters.size() - 1);
        }

        String cast(Object value, ColumnShape column, String castType) {
            String placeholder = add(value);
            casts.add(new ValueCast(firstParameter + parameters.size() - 2, ARGUMENT + "." + column.name(),
                    castType));
            return "CAST(" + placeholder + " AS " + castType + ")";
        }
    }
}
