package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.error.InvalidArgument;
import io.fluxbase.mcp.kernel.value.NumberText;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns one JSON value from a write tool into the text parameter bound as {@code CAST($n AS type)}.
 * Everything travels as text so PostgreSQL, not Java, decides what {@code "2024-01-01"} means for a
 * date or {@code "5"} for an integer; Java only flattens JSON structure the type needs as text
 * (json, array literals) and refuses structure where the column wants a single value.
 */
public final class ColumnValues {

    /** Writing a plain number as text must never blow up: 1E+999999999 stays scientific beyond this scale. */
    private static final int MAX_PLAIN_SCALE = 1000;

    private ColumnValues() {
    }

    /**
     * @param argument the tool-argument path for messages, e.g. {@code data.due} or {@code data[3].due}
     * @param column   the column the value is written to, named in messages
     * @param dataType the column's catalog type ({@code format_type()} output)
     * @return the parameter text, or null for SQL NULL (a JSON null, also for json/jsonb columns)
     * @throws IllegalArgumentException starting with {@code argument} when the value cannot fit the type
     */
    public static @Nullable String parameter(String argument, String column, String dataType, @Nullable Object value) {
        return convert(argument, "column '" + column + "'", dataType, value);
    }

    /** The same for a function argument; messages say "argument" instead of "column". */
    public static @Nullable String argumentParameter(String argument, String name, String dataType,
                                                     @Nullable Object value) {
        return convert(argument, "argument '" + name + "'", dataType, value);
    }

    /**
     * {@code CAST($n AS type)} for a value of catalog type {@code dataType}, modifiers dropped so a
     * too long value fails on assignment instead of being cut by the cast.
     */
    public static String placeholder(int parameterNumber, String dataType) {
        if (parameterNumber < 1) {
            throw new IllegalArgumentException("parameterNumber must be 1 or more, got " + parameterNumber);
        }
        return "CAST($" + parameterNumber + " AS " + CastTypes.castType(dataType) + ")";
    }

    /** {@code CAST(NULL AS type)}: a typed NULL, for calls where PostgreSQL picks a function by argument types. */
    public static String typedNull(String dataType) {
        return "CAST(NULL AS " + CastTypes.castType(dataType) + ")";
    }

    private static @Nullable String convert(String argument, String subject, String dataType, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        rejectNul(argument, value);
        if (isJson(dataType)) {
            return json(argument, value);
        }
        if (dataType.endsWith("[]")) {
            return ArrayLiterals.literal(argument, subject, dataType, value);
        }
        return switch (value) {
            case String text -> text;
            case Boolean bool -> bool.toString();
            case Number number -> numberText(argument, number);
            default -> throw new InvalidArgument(argument, subject + " is " + dataType
                    + "; give a single value (string, number or boolean), got " + describe(value));
        };
    }

    /** True for {@code json} and {@code jsonb}, whose values are written as JSON text whatever their shape. */
    static boolean isJson(String dataType) {
        return dataType.equals("json") || dataType.equals("jsonb");
    }

    static String json(String argument, Object value) {
        try {
            return JsonText.write(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(argument, e.getMessage(), e);
        }
    }

    /** Exact decimal text (see {@link NumberText}), with the argument named when there is none. */
    static String numberText(String argument, Number number) {
        try {
            return NumberText.of(number);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(argument, e.getMessage() + "; give 'NaN', 'Infinity' or"
                    + " '-Infinity' as a string for floating point columns", e);
        }
    }

    /** For messages: {@code an object}, {@code an array}, {@code a number}, ... */
    static String describe(Object value) {
        return switch (value) {
            case Map<?, ?> map -> "an object";
            case List<?> list -> "an array";
            case String text -> "a string";
            case Number number -> "a number";
            case Boolean bool -> "a boolean";
            default -> "a value of type " + value.getClass().getSimpleName();
        };
    }

    // PostgreSQL rejects NUL in text and in jsonb; failing here names the argument instead of the driver.
    private static void rejectNul(String argument, @Nullable Object value) {
        switch (value) {
            case String text when text.indexOf('\0') >= 0 -> throw new InvalidArgument(argument,
                    "PostgreSQL text cannot hold NUL characters; remove them");
            case Map<?, ?> map -> map.forEach((key, item) -> {
                rejectNul(argument, key);
                rejectNul(argument, item);
            });
            case List<?> list -> list.forEach(item -> rejectNul(argument, item));
            case null, default -> {
            }
        }
    }
}
