package io.fluxbase.mcp.query.readmodel;

import org.jspecify.annotations.Nullable;

/**
 * Text as a read model can store it. PostgreSQL's {@code text} refuses NUL, and a Java string may hold a lone
 * surrogate that is no character at all; both come straight from callers (a select list, a table name, a user
 * agent), so both are written as visible escapes ({@code \u0000}, {@code \uD800}) rather than refused. Overlong
 * values are cut, with a marker saying how much was cut, so one call cannot make a record of megabytes.
 */
public final class StorableText {

    /** Identifiers, names and short fields: key names, methods, targets, user agents. */
    public static final int NAME_CHARS = 1024;
    /** Messages and arguments. */
    public static final int TEXT_CHARS = 16 * 1024;

    private StorableText() {
    }

    public static @Nullable String name(@Nullable String value) {
        return cut(value, NAME_CHARS);
    }

    public static @Nullable String text(@Nullable String value) {
        return cut(value, TEXT_CHARS);
    }

    /** Escaped but never cut: JSON a query parses again (a cut would leave it unreadable). */
    public static @Nullable String whole(@Nullable String value) {
        return cut(value, Integer.MAX_VALUE);
    }

    /**
     * At most {@code maxChars} characters of {@code value} once escaped, never splitting an escape or a surrogate
     * pair, followed by {@code …[cut N of M chars]} when anything was left out.
     */
    public static @Nullable String cut(@Nullable String value, int maxChars) {
        if (value == null || value.length() <= maxChars && storable(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxChars) + 32);
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            String piece = pair ? value.substring(i, i + 2)
                    : c == 0 || Character.isSurrogate(c) ? escape(c) : String.valueOf(c);
            if (out.length() + piece.length() > maxChars) {
                break;
            }
            out.append(piece);
            i += pair ? 2 : 1;
        }
        if (i < value.length()) {
            out.append("…[cut ").append(value.length() - i).append(" of ").append(value.length()).append(" chars]");
        }
        return out.toString();
    }

    private static boolean storable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static String escape(char c) {
        return String.format("\\u%04X", (int) c);
    }
}
