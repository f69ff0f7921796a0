package io.fluxbase.mcp.kernel.audit;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An error message as a call record keeps it: what PostgreSQL quotes back from the call's values is dropped, the
 * error and the names of the constraint, column, table or type it is about are kept. A unique key's value, a row
 * that failed a check, the text that was no integer can each be a password or a token.
 *
 * <pre>
 * Key (code)=(abc) already exists.                 → Key (code)=(…) already exists.
 * invalid input syntax for type integer: "lots"    → invalid input syntax for type integer: "…"
 * Failing row contains (7, secret).                → Failing row contains (…).
 * null value in column "name" of relation "t" ...  → unchanged (names, no values)
 * </pre>
 *
 * Where a value's end is ambiguous (values may hold quotes and parentheses), more is dropped rather than less.
 */
public final class QuotedValues {

    static final String DROPPED = "…";

    /** {@code Key (columns)=(values)} in unique, foreign key and exclusion violations. */
    private static final Pattern KEY = Pattern.compile("(?i)\\bkey \\([^\\n]*?\\)=\\(");
    private static final Pattern KEY_END = Pattern.compile("\\) (?:already exists|is not present in table"
            + "|is still referenced from table|conflicts with existing key)");
    /** The row of a check or not-null violation. */
    private static final Pattern FAILING_ROW = Pattern.compile("(?i)\\bfailing row contains \\(");
    /** The bytes of an invalid byte sequence. */
    private static final Pattern BYTES = Pattern.compile("\\b0x[0-9a-fA-F]{2}(?: 0x[0-9a-fA-F]{2})*\\b");
    /** A bind parameter's value in an error's context. */
    private static final Pattern PARAMETER = Pattern.compile("(parameter \\$\\d+ = )'[^\\n]*'");
    /** Words after which PostgreSQL's double quotes hold a name, not a value. */
    private static final Set<String> NAME_WORDS = Set.of("column", "relation", "table", "constraint", "index", "type",
            "function", "procedure", "aggregate", "operator", "schema", "sequence", "view", "policy", "role",
            "trigger", "database", "domain", "extension", "collation", "tablespace", "encoding", "parameter",
            "cursor", "field", "record", "attribute", "reference", "savepoint", "server", "publication",
            "subscription");

    private QuotedValues() {
    }

    public static @Nullable String removedFrom(@Nullable String message) {
        if (message == null) {
            return null;
        }
        String text = parenthesised(message);
        text = doubleQuoted(text);
        text = BYTES.matcher(text).replaceAll("0x" + DROPPED);
        return PARAMETER.matcher(text).replaceAll("$1'" + DROPPED + "'");
    }

    /** Key and row values in parentheses; they are taken out before quotes, since they may hold quotes. */
    private static String parenthesised(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (true) {
            Matcher key = KEY.matcher(text);
            Matcher row = FAILING_ROW.matcher(text);
            boolean isKey = key.find(from);
            boolean isRow = row.find(from);
            if (!isKey && !isRow) {
                break;
            }
            Matcher first = !isRow || isKey && key.start() < row.start() ? key : row;
            int start = first.end();
            int end = first == key ? lastKeyEnd(text, start) : -1;
            if (end < 0) {
                end = text.lastIndexOf(')');
            }
            if (end < start) {
                end = text.length();
            }
            out.append(text, from, start).append(DROPPED);
            from = end;
        }
        return out.append(text, from, text.length()).toString();
    }

    private static int lastKeyEnd(String text, int from) {
        Matcher end = KEY_END.matcher(text);
        int last = -1;
        while (end.find(last < 0 ? from : last + 1)) {
            last = end.start();
        }
        return last;
    }

    /** Double quotes after a word such as column or constraint hold a name; any others hold a value. */
    private static String doubleQuoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int quote;
        while ((quote = text.indexOf('"', i)) >= 0) {
            out.append(text, i, quote);
            int lineEnd = text.indexOf('\n', quote);
            lineEnd = lineEnd < 0 ? text.length() : lineEnd;
            if (namesSomething(text, quote)) {
                int close = text.indexOf('"', quote + 1);
                if (close >= 0 && close < lineEnd) {
                    out.append(text, quote, close + 1);
                    i = close + 1;
                    continue;
                }
            }
            // a value may hold quotes itself: it ends at the line's last quote
            int close = text.lastIndexOf('"', lineEnd - 1);
            out.append('"').append(DROPPED).append('"');
            i = close > quote ? close + 1 : lineEnd;
        }
        return out.append(text, i, text.length()).toString();
    }

    private static boolean namesSomething(String text, int quote) {
        int end = quote;
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        return NAME_WORDS.contains(text.substring(start, end).toLowerCase(Locale.ROOT));
    }
}
