package io.fluxbase.mcp.kernel.sql;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns one JSON value from a caller into the text that is bound as a parameter and cast to the column's (or
 * argument's) type by PostgreSQL: {@code CAST($n AS type)}. PostgreSQL, not Java, decides what the text means for
 * a uuid, a timestamptz or an enum; this only gets the shape right (a JSON array for an array column, any JSON for
 * json/jsonb, one value for everything else) and says which argument is wrong when it is not.
 */
public final class ColumnValues {

    private ColumnValues() {
    }

    /**
     * @param argument the tool argument in messages, e.g. {@code data.due}, {@code data[3].due}, {@code params.n}
     * @param dataType {@code format_type()} text of the column or function argument
     * @return the parameter text, or null for SQL NULL
     * @throws IllegalArgumentException starting with {@code argument}
     */
    public static @Nullable String parameter(String argument, String column, String dataType,
            @Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (isJson(dataType)) {
            return checked(argument, JsonText.write(value));
        }
        if (dataType.endsWith("[]")) {
            return switch (value) {
                case String literal -> checked(argument, literal);
                case List<?> list -> checked(argument, arrayLiteral(argument, column, dataType, list));
                default -> throw new IllegalArgumentException(argument + ": column '" + column + "' is " + dataType
                        + "; give a JSON array such as [\"a\", \"b\"], got " + describe(value));
            };
        }
        return switch (value) {
            case String text -> checked(argument, text);
            case Boolean bool -> bool.toString();
            case Number number -> JsonText.NumberText.of(number);
            default -> throw new IllegalArgumentException(argument + ": column '" + column + "' is " + dataType
                    + "; give a single value (string, number or boolean), got " + describe(value));
        };
    }

    private static boolean isJson(String dataType) {
        return dataType.equals("json") || dataType.equals("jsonb");
    }

    private static String arrayLiteral(String argument, String column, String dataType, List<?> list) {
        String elementType = dataType.substring(0, dataType.length() - 2);
        while (elementType.endsWith("[]")) {
            elementType = elementType.substring(0, elementType.length() - 2);
        }
        StringBuilder out = new StringBuilder();
        append(argument, column, dataType, isJson(elementType), list, out);
        return out.toString();
    }

    private static void append(String argument, String column, String dataType, boolean jsonElements,
            List<?> list, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object item = list.get(i);
            switch (item) {
                case null -> out.append("NULL");
                case List<?> nested when !jsonElements -> append(argument, column, dataType, false, nested, out);
                case Map<?, ?> ignored when !jsonElements -> throw new IllegalArgumentException(argument
                        + ": column '" + column + "' is " + dataType + "; its elements cannot be objects");
                case String text -> quoted(text, out);
                case Boolean bool -> quoted(bool.toString(), out);
                case Number number -> quoted(JsonText.NumberText.of(number), out);
                default -> quoted(JsonText.write(item), out);
            }
        }
        out.append('}');
    }

    private static void quoted(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static String checked(String argument, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(argument + ": PostgreSQL text cannot hold NUL characters; remove them");
        }
        return text;
    }

    private static String describe(Object value) {
        return switch (value) {
            case Map<?, ?> ignored -> "an object";
            case List<?> ignored -> "an array";
            case String ignored -> "a string";
            case Boolean ignored -> "a boolean";
            case Number ignored -> "a number";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
