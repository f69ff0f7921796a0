package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.table.ColumnShape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a catalog data type into the type name used in {@code CAST($n AS ...)}.
 *
 * <p>Length and precision modifiers are dropped: casting a comparison value to {@code varchar(5)}
 * silently truncates it and {@code numeric(10,2)} rounds it, so {@code eq.abcdefg} would match
 * {@code abcde}. Without the modifier PostgreSQL compares the value as given.
 */
public final class CastTypes {

    // format_type() spellings that carry a modifier we must drop; bpchar is the unbounded form of character(n).
    private static final Pattern MODIFIED = Pattern.compile(
            "(numeric|character varying|bit varying|timestamp|time|interval)\\(\\d+(?:,\\d+)?\\)(.*)");
    private static final Pattern CHARACTER = Pattern.compile("character\\(\\d+\\)");
    /** Far above the types a project's columns and functions use; a guard against unbounded growth. */
    private static final int MAX_TYPES = 1_000;
    private static final Map<String, String> CAST_TYPES = new ConcurrentHashMap<>();

    private CastTypes() {
    }

    /** The type to cast a value to, for comparing with or writing to {@code column}. */
    static String castType(ColumnShape column) {
        if (suspicious(column.dataType())) {
            throw refusal("column '" + column.name() + "' has data type", column.dataType());
        }
        return withoutModifiers(column.dataType());
    }

    /** The same for a type that does not belong to a column, e.g. a function argument's. */
    public static String castType(String dataType) {
        if (suspicious(dataType)) {
            throw refusal("data type", dataType);
        }
        return withoutModifiers(dataType);
    }

    /** A filter or a write casts to its column's type on every call; a project has few types, each worked out once. */
    private static String withoutModifiers(String dataType) {
        String known = CAST_TYPES.get(dataType);
        if (known != null) {
            return known;
        }
        if (CAST_TYPES.size() >= MAX_TYPES) {
            CAST_TYPES.clear();
        }
        String type = stripped(dataType);
        CAST_TYPES.put(dataType, type);
        return type;
    }

    private static String stripped(String dataType) {
        String type = dataType;
        String arrays = "";
        while (type.endsWith("[]")) {
            arrays += "[]";
            type = type.substring(0, type.length() - 2);
        }
        Matcher modified = MODIFIED.matcher(type);
        if (modified.matches()) {
            type = modified.group(1) + modified.group(2);
        } else if (CHARACTER.matcher(type).matches()) {
            type = "bpchar";
        }
        return type + arrays;
    }

    // The type comes from the catalog, never from a caller; this only guards against a broken caller of ours.
    private static boolean suspicious(String type) {
        return type.isBlank() || type.contains(";") || type.contains("--") || type.contains("/*")
                || type.indexOf('\0') >= 0;
    }

    private static IllegalArgumentException refusal(String what, String type) {
        return new IllegalArgumentException(what + " '" + type
                + "', which does not look like format_type() output; refusing to put it in SQL");
    }
}
