package io.fluxbase.mcp.kernel.sql;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the values an MCP client sent (already parsed: maps, lists, strings, numbers, booleans, null) back as JSON
 * text, for json and jsonb columns. The kernel carries no JSON library, and this is all it needs.
 */
public final class JsonText {

    private JsonText() {
    }

    public static String write(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(@Nullable Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String text -> string(text, out);
            case Boolean bool -> out.append(bool);
            case Number number -> out.append(NumberText.of(number));
            case Map<?, ?> map -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
                while (entries.hasNext()) {
                    Map.Entry<?, ?> entry = entries.next();
                    string(String.valueOf(entry.getKey()), out);
                    out.append(':');
                    write(entry.getValue(), out);
                    if (entries.hasNext()) {
                        out.append(',');
                    }
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName()
                    + " as JSON");
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Exact decimal text of a JSON number; NaN and infinities have none. */
    static final class NumberText {

        private NumberText() {
        }

        static String of(Number number) {
            return switch (number) {
                case BigDecimal decimal -> decimal.toPlainString();
                case Double d -> finite(d) ? BigDecimal.valueOf(d).toPlainString() : invalid(number);
                case Float f -> finite(f) ? new BigDecimal(f.toString()).toPlainString() : invalid(number);
                default -> number.toString();
            };
        }

        private static boolean finite(double value) {
            return !Double.isNaN(value) && !Double.isInfinite(value);
        }

        private static String invalid(Number number) {
            throw new IllegalArgumentException(number + " is not a number JSON or PostgreSQL can hold");
        }
    }
}
