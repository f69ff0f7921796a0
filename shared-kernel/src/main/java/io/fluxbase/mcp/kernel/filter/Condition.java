package io.fluxbase.mcp.kernel.filter;

import java.util.Objects;

/**
 * One parsed filter, e.g. {@code age=not.gt.5}. The column is as the caller wrote it and is only
 * trusted after the SQL builder has found it in the table shape.
 */
public record Condition(String column, Operator op, boolean negated, FilterValue value) {

    public Condition {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        // The parser guarantees this pairing; checking here keeps hand-built conditions honest too.
        boolean fits = switch (op) {
            case EQ, NEQ, GT, GTE, LT, LTE, LIKE, ILIKE -> value instanceof Scalar;
            case IN -> value instanceof ListValue;
            case IS -> value instanceof IsValue;
            case CS, CD, OV -> value instanceof ArrayLiteral;
        };
        if (!fits) {
            throw new IllegalArgumentException("operator " + op.wireName() + " cannot take a "
                    + value.getClass().getSimpleName() + " value");
        }
    }
}
