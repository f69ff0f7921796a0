package io.fluxbase.mcp.kernel.filter;

import io.fluxbase.mcp.kernel.value.NumberText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses the {@code filter} argument, PostgREST style: {@code {"age": "gt.5", "status": "not.in.(a,b)"}}.
 * The one filter parser every tool uses, so all tools accept and reject exactly the same things.
 */
public final class FilterParser {

    /** The longest like or ilike pattern a filter may send (see {@link #pattern}). */
    public static final int MAX_PATTERN_LENGTH = 256;

    private static final String OPERATORS_HINT = "use one of " + Operator.WIRE_NAMES
            + ", optionally prefixed with 'not.'";

    private FilterParser() {
    }

    /**
     * @param filter column name to {@code "op.value"} / {@code "not.op.value"}; a number or boolean
     *               means {@code eq.<value>}, null means {@code is.null}. Null or empty map: no conditions.
     * @return conditions in the map's iteration order
     * @throws FilterSyntaxError naming {@code filter.<column>}
     */
    public static List<Condition> parse(@Nullable Map<String, ? extends @Nullable Object> filter) {
        if (filter == null || filter.isEmpty()) {
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>(filter.size());
        for (Map.Entry<String, ? extends @Nullable Object> entry : filter.entrySet()) {
            conditions.add(parseEntry(entry.getKey(), entry.getValue()));
        }
        return List.copyOf(conditions);
    }

    /** Parses one {@code column: value} pair; exposed for tools that take a single condition. */
    public static Condition parseEntry(@Nullable String column, @Nullable Object value) {
        if (column == null || column.isBlank()) {
            throw new FilterSyntaxError("filter", "empty column name; use the column name as the key, "
                    + "e.g. {\"status\": \"eq.done\"}");
        }
        String argument = "filter." + column;
        return switch (value) {
            case null -> new Condition(column, Operator.IS, false, IsValue.NULL);
            case String text -> parseText(argument, column, text);
            case Boolean bool -> new Condition(column, Operator.EQ, false, new Scalar(bool.toString()));
            case Number number -> new Condition(column, Operator.EQ, false, new Scalar(numberText(argument, number)));
            default -> throw new FilterSyntaxError(argument, "value must be a string like 'eq.5' or 'in.(a,b)', "
                    + "a number, a boolean or null, not " + describe(value)
                    + "; to match any of several values use 'in.(a,b,c)'");
        };
    }

    private static Condition parseText(String argument, String column, String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw new FilterSyntaxError(argument, "missing '.' in '" + text + "'; write 'op.value', e.g. 'eq."
                    + text + "' to match that value exactly; " + OPERATORS_HINT);
        }
        String opName = text.substring(0, dot);
        String rest = text.substring(dot + 1);
        boolean negated = false;
        if (opName.equalsIgnoreCase("not")) {
            negated = true;
            dot = rest.indexOf('.');
            if (dot < 0) {
                throw new FilterSyntaxError(argument, "expected 'not.op.value' but got '" + text
                        + "', e.g. 'not.eq.5'; " + OPERATORS_HINT);
            }
            opName = rest.substring(0, dot);
            rest = rest.substring(dot + 1);
            if (opName.equalsIgnoreCase("not")) {
                throw new FilterSyntaxError(argument, "'not.' may appear only once in '" + text
                        + "'; use 'not.op.value'");
            }
        }
        String shownOp = opName;
        Operator op = Operator.fromWire(opName).orElseThrow(() -> new FilterSyntaxError(argument,
                "unknown operator '" + shownOp + "' in '" + text + "'; " + OPERATORS_HINT));
        FilterValue value = switch (op) {
            case EQ, NEQ, GT, GTE, LT, LTE -> new Scalar(rest);
            // PostgREST uses * as the wildcard because % is awkward in URLs; callers copy that habit.
            case LIKE, ILIKE -> new Scalar(pattern(argument, op, rest).replace('*', '%'));
            case IS -> parseIs(argument, text, rest);
            case IN -> InListParser.parse(argument, text, rest);
            case CS, CD, OV -> parseArrayLiteral(argument, op, text, rest);
        };
        return new Condition(column, op, negated, value);
    }

    /**
     * PostgreSQL matches a pattern against a value with no check for cancellation inside one row, and the work grows
     * with the pattern's length times the value's: a pattern of 150,000 characters kept a core busy for minutes on one
     * long value, past any statement timeout. Patterns people write are short.
     */
    private static String pattern(String argument, Operator op, String pattern) {
        if (pattern.length() > MAX_PATTERN_LENGTH) {
            throw new FilterSyntaxError(argument, "a '" + op.wireName() + "' pattern may be at most "
                    + MAX_PATTERN_LENGTH + " characters, got " + pattern.length() + "; match on a shorter part of the"
                    + " value, or use 'eq' to compare the whole of it");
        }
        // PostgreSQL refuses such a pattern only when a row has a value to match, so the same filter would pass or
        // fail with the table's contents
        if (endsInLoneBackslash(pattern)) {
            throw new FilterSyntaxError(argument, "a '" + op.wireName() + "' pattern cannot end in a single backslash"
                    + " (a backslash makes the character after it match literally); end it with two backslashes to"
                    + " match one");
        }
        return pattern;
    }

    private static boolean endsInLoneBackslash(String pattern) {
        int backslashes = 0;
        for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static IsValue parseIs(String argument, String text, String rest) {
        return switch (rest.toLowerCase(Locale.ROOT)) {
            case "null" -> IsValue.NULL;
            case "true" -> IsValue.TRUE;
            case "false" -> IsValue.FALSE;
            case "unknown" -> IsValue.UNKNOWN;
            default -> throw new FilterSyntaxError(argument, "'is' accepts only null, true, false or unknown, got '"
                    + rest + "' in '" + text + "'; use 'eq." + rest + "' to compare with a value");
        };
    }

    private static ArrayLiteral parseArrayLiteral(String argument, Operator op, String text, String rest) {
        String literal = rest.strip();
        String example = "e.g. '" + op.wireName() + ".{a,b}' for arrays, '" + op.wireName()
                + ".[1,2]' or '" + op.wireName() + ".{\"k\":1}' for jsonb, '" + op.wireName() + ".[1,5)' for ranges";
        if (literal.length() < 2 || "{[(".indexOf(literal.charAt(0)) < 0
                || "}])".indexOf(literal.charAt(literal.length() - 1)) < 0) {
            throw new FilterSyntaxError(argument, "'" + op.wireName() + "' needs an array, JSON or range literal, got '"
                    + rest + "' in '" + text + "'; " + example);
        }
        if (!quotesBalanced(literal)) {
            throw new FilterSyntaxError(argument, "unbalanced double quote in '" + text
                    + "'; close every quoted element, " + example);
        }
        return new ArrayLiteral(literal);
    }

    // Counts quotes not escaped by a backslash; both array and JSON literals escape that way.
    private static boolean quotesBalanced(String literal) {
        boolean inQuotes = false;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            }
        }
        return !inQuotes;
    }

    private static String numberText(String argument, Number number) {
        try {
            return NumberText.of(number);
        } catch (IllegalArgumentException e) {
            throw new FilterSyntaxError(argument, e.getMessage() + "; use 'eq.NaN' or 'eq.Infinity' as a string for"
                    + " floating point columns");
        }
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof Iterable<?> || value.getClass().isArray()) {
            return "a list";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
