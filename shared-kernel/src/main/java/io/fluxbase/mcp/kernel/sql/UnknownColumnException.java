package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.table.TableRef;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A caller named a column the table does not have. The message lists the real columns (and the
 * closest match) so an AI model can correct itself in one step.
 */
public class UnknownColumnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String argument;
    private final String column;

    /**
     * @param argument   the tool argument that named the column: {@code select}, {@code filter}, {@code order}, ...
     * @param candidates the columns that argument may name
     */
    public UnknownColumnException(String argument, String column, TableRef table, List<String> candidates) {
        super(message(argument, column, table, candidates));
        this.argument = argument;
        this.column = column;
    }

    public String argument() {
        return argument;
    }

    public String column() {
        return column;
    }

    private static String message(String argument, String column, TableRef table, List<String> candidates) {
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(column, "column");
        StringBuilder message = new StringBuilder()
                .append(argument).append(": column '").append(column).append("' does not exist on ")
                .append(table.displayName()).append("; columns are ")
                .append(String.join(", ", candidates));
        String suggestion = closest(column, candidates);
        if (suggestion != null) {
            message.append("; did you mean '").append(suggestion).append("'?");
        }
        return message.toString();
    }

    // A case-insensitive match, else the nearest name within edit distance 2 (typos like 'stauts').
    private static @Nullable String closest(String column, List<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int distance = candidate.equalsIgnoreCase(column) ? 0
                    : distance(candidate.toLowerCase(Locale.ROOT), column.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    // Optimal string alignment distance: Levenshtein plus adjacent transpositions count as one edit.
    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return Integer.MAX_VALUE;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
