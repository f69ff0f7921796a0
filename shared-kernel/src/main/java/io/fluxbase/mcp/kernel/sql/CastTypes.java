package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.table.ColumnShape;
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

    private CastTypes() {
    }

    /** The type to cast a value to, for comparing with {@code column}. */
    public static String castType(ColumnShape column) {
        String type = column.dataType();
        rejectSuspicious(column);
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
    private static void rejectSuspicious(ColumnShape column) {
        String type = column.dataType();
        if (type.contains(";") || type.contains("--") || type.contains("/*") || type.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("column '" + column.name() + "' has data type '" + type
                    + "', which does not look like format_type() output; refusing to put it in SQL");
        }
    }
}
