package io.fluxbase.mcp.cli.output;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Plain-text tables for people: columns aligned with two spaces between them, no trailing spaces, one line per row.
 * Long or multi-line values are flattened and shortened so a row always stays on one line.
 */
public final class Table {

    public static final String NO_VALUE = "-";
    static final int MAX_CELL_WIDTH = 60;
    private static final String GAP = "  ";
    private static final String ELLIPSIS = "...";

    private Table() {
    }

    public static String render(Grid grid) {
        List<String> headers = grid.headers();
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
        }
        for (List<@Nullable String> row : grid.rows()) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], cell(row.get(column), MAX_CELL_WIDTH).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, headers, widths);
        for (List<@Nullable String> row : grid.rows()) {
            appendLine(text, row, widths);
        }
        return text.toString();
    }

    /** One row padded to fixed widths, for output that streams and so cannot measure the rows still to come. */
    public static String fixedWidthLine(List<@Nullable String> cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        appendLine(text, cells, widths);
        return text.toString();
    }

    /** {@code Label:  value} lines with the values aligned, for showing a single object. */
    public static String details(List<Map.Entry<String, @Nullable String>> fields) {
        int labelWidth = 0;
        for (Map.Entry<String, @Nullable String> field : fields) {
            labelWidth = Math.max(labelWidth, field.getKey().length() + 1);
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, @Nullable String> field : fields) {
            String label = field.getKey() + ":";
            text.append(label).append(" ".repeat(labelWidth - label.length())).append(GAP)
                    .append(cell(field.getValue(), Integer.MAX_VALUE)).append('\n');
        }
        return text.toString();
    }

    private static void appendLine(StringBuilder text, List<@Nullable String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < widths.length; column++) {
            String value = cell(cells.get(column), Math.max(widths[column], ELLIPSIS.length() + 1));
            line.append(value);
            if (column < widths.length - 1) {
                line.append(" ".repeat(Math.max(0, widths[column] - value.length()))).append(GAP);
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    /**
     * Values come from callers (a client's name, a user agent, an error message): a control character left in them
     * would be the terminal's to act on (move the cursor, erase lines, set the title or clipboard), so each one, and
     * each mark that reorders or breaks a line, is shown as its escape ({@code \u001b}) instead.
     */
    static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c >= '\u202a' && c <= '\u202e'
                    || c >= '\u2066' && c <= '\u2069') {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    static String cell(@Nullable String value, int maxWidth) {
        if (value == null || value.isEmpty()) {
            return NO_VALUE;
        }
        String flat = visible(value.replaceAll("\\s+", " ").strip());
        if (flat.length() <= maxWidth) {
            return flat;
        }
        return flat.substring(0, maxWidth - ELLIPSIS.length()) + ELLIPSIS;
    }
}
