package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.Printable;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds a NUL character anywhere in a tool's arguments, names as well as values. PostgreSQL text and jsonb cannot
 * hold one, so a call carrying it can only fail in the database, with the database's words; it is refused before.
 */
final class NulCharacters {

    private NulCharacters() {
    }

    /** The argument that holds a NUL, e.g. {@code filter.name} or {@code data[2].title}; null when none does. */
    static @Nullable String find(Map<String, Object> arguments) {
        return find("", arguments);
    }

    private static @Nullable String find(String path, @Nullable Object value) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0 ? path : null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String at = path.isEmpty() ? Printable.of(key, 60) : path + "." + Printable.of(key, 60);
                if (key.indexOf('\0') >= 0) {
                    return at + " (its name)";
                }
                String found = find(at, entry.getValue());
                if (found != null) {
                    return found;
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String found = find(path + "[" + i + "]", list.get(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
