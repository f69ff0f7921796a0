package io.fluxbase.mcp.kernel.sql;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Test helper: ordered maps that may hold nulls, as a JSON parser would hand them over. */
final class Rows {

    private Rows() {
    }

    /** {@code row("id", 5, "title", null)}: keys and values alternate. */
    static Map<String, @Nullable Object> row(@Nullable Object... keysAndValues) {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
