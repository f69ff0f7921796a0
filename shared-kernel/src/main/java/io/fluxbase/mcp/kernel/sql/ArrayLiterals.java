package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.error.InvalidArgument;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a JSON array as a PostgreSQL array literal, {@code {"a","b c",NULL}}. Every element is
 * double-quoted with {@code "} and {@code \} backslash-escaped, so commas, braces, spaces and the
 * word NULL inside a value stay data; only a JSON null becomes the unquoted NULL.
 */
final class ArrayLiterals {

    private ArrayLiterals() {
    }

    /**
     * @param subject  {@code column 'tags'} or {@code argument 'ids'}, for messages
     * @param dataType an array type such as {@code text[]} or {@code integer[][]}
     * @param value    a JSON array (nested arrays for more dimensions), or a String already written as
     *                 an array literal such as {@code {a,b}}, passed through for PostgreSQL to read
     */
    static String literal(String argument, String subject, String dataType, Object value) {
        String elementType = dataType;
        while (elementType.endsWith("[]")) {
            elementType = elementType.substring(0, elementType.length() - 2);
        }
        return switch (value) {
            case String text -> text;
            case List<?> list -> {
                StringBuilder out = new StringBuilder();
                append(out, argument, subject, dataType, ColumnValues.isJson(elementType), list);
                yield out.toString();
            }
            default -> throw new InvalidArgument(argument, subject + " is " + dataType
                    + "; give a JSON array such as [\"a\", \"b\"], got " + ColumnValues.describe(value));
        };
    }

    private static void append(StringBuilder out, String path, String subject, String dataType, boolean json,
                               List<?> list) {
        out.append('{');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            element(out, path + "[" + i + "]", subject, dataType, json, list.get(i));
        }
        out.append('}');
    }

    // For json[] every element is a JSON value, arrays included: ["x", [1, 2]] is two JSON values, not two
    // dimensions, because that is what a caller writing JSON means (and ragged dimensions would fail anyway).
    private static void element(StringBuilder out, String path, String subject, String dataType, boolean json,
                                @Nullable Object item) {
        if (item == null) {
            out.append("NULL");
            return;
        }
        if (json) {
            quote(out, ColumnValues.json(path, item));
            return;
        }
        switch (item) {
            case List<?> nested -> append(out, path, subject, dataType, false, nested);
            case String text -> quote(out, text);
            case Boolean bool -> quote(out, bool.toString());
            case Number number -> quote(out, ColumnValues.numberText(path, number));
            default -> throw new InvalidArgument(path, subject + " is " + dataType
                    + "; its elements must be strings, numbers, booleans, null or nested arrays, got "
                    + ColumnValues.describe(item));
        }
    }

    private static void quote(StringBuilder out, String text) {
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
}
