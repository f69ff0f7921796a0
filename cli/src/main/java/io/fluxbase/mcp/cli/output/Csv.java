package io.fluxbase.mcp.cli.output;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** RFC 4180 CSV with a header line; a missing value is an empty field. Lines end with {@code \n}. */
public final class Csv {

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private Csv() {
    }

    public static String render(Grid grid) {
        StringBuilder text = new StringBuilder(line(grid.headers()));
        for (List<@Nullable String> row : grid.rows()) {
            text.append(line(row));
        }
        return text.toString();
    }

    /** A field's value as it was before {@link #field} guarded it (the CSV's quoting already undone). */
    public static String unguarded(String field) {
        return field.startsWith("'") ? field.substring(1) : field;
    }

    public static String line(List<? extends @Nullable String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(cells.get(i)));
        }
        return line.append('\n').toString();
    }

    /**
     * Quotes only when needed: separators, quotes, line breaks, or edge spaces that some readers would trim. A text
     * that a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or a carriage return, and is not
     * a number) gets a leading apostrophe, as OWASP advises: values come from callers (a user agent, a client's name).
     * So does one that starts with an apostrophe, so that {@link #unguarded} gives every value back as it was.
     */
    static String field(@Nullable String value) {
        if (value == null) {
            return "";
        }
        if (!value.isEmpty() && "=+-@\t\r'".indexOf(value.charAt(0)) >= 0 && !NUMBER.matcher(value).matches()) {
            value = "'" + value;
        }
        boolean needsQuotes = value.contains(",") || value.contains("\"") || value.contains("\n")
                || value.contains("\r") || (!value.isEmpty() && (value.startsWith(" ") || value.endsWith(" ")));
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
