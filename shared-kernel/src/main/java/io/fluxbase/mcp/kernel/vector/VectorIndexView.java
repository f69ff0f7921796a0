package io.fluxbase.mcp.kernel.vector;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One searchable table as the admin API shows it: what it is embedded by, how many rows have an embedding, how many
 * wait for one (recent writes; the backfill's progress is its job's), and the last embedding failure.
 */
public record VectorIndexView(String table, String keyColumn, @Nullable String column, @Nullable String template,
        String model, String metric, Instant enabledAt, long embedded, long pending, @Nullable String lastError,
        @Nullable Instant lastErrorAt) {

    public Map<String, Object> shown() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("table", table);
        shown.put("key_column", keyColumn);
        shown.put("column", column);
        shown.put("template", template);
        shown.put("model", model);
        shown.put("metric", metric);
        shown.put("enabled_at", enabledAt.toString());
        shown.put("embedded", embedded);
        shown.put("pending", pending);
        shown.put("last_error", lastError);
        shown.put("last_error_at", lastErrorAt == null ? null : lastErrorAt.toString());
        return shown;
    }
}
