package io.fluxbase.mcp.kernel.sql;

import io.fluxbase.mcp.kernel.value.NumberText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the values an MCP SDK hands us after parsing JSON back into JSON text, for json/jsonb
 * parameters. The kernel has no Jackson on purpose; this covers exactly the shapes a JSON parser
 * produces, and refuses anything else rather than guessing what a foreign object should look like.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /**
     * @param value a {@code Map} with String keys (written in iteration order), {@code List}, String,
     *              Number, Boolean or null, nested freely
     * @throws IllegalArgumentException for NaN or infinite numbers, non-String keys or other types
     */
    public static String write(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, @Nullable Object value) {
        switch (value) {
            case null -> out.append("null");
            case String text -> string(out, text);
            case Boolean bool -> out.append(bool.booleanValue());
            case Number number -> out.append(NumberText.of(number));
            case Map<?, ?> map -> object(out, map);
            case List<?> list -> array(out, list);
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName()
                    + " values as JSON; give an object, array, string, number, boolean or null");
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getSimpleName()));
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, key);
            out.append(':');
            write(out, entry.getValue());
        }
        out.append('}');
    }

    private static void array(StringBuilder out, List<?> list) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(out, list.get(i));
        }
        out.append(']');
    }

    private static void string(StringBuilder out, String text) {
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
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
