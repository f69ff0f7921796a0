package io.fluxbase.mcp.command.table;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.data.RecordsDeletedEvent;
import io.fluxbase.mcp.kernel.data.RecordsInsertedEvent;
import io.fluxbase.mcp.kernel.data.RecordsUpdatedEvent;
import io.fluxbase.mcp.kernel.data.RowChange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The change events of one write, from what the capture triggers recorded in its transaction: one event per
 * statement and table that changed rows, so a function's writes and a cascade's are recorded like a table tool's.
 * Each row has its primary key, a SHA-256 of its values (as PostgreSQL renders them in JSON) and, with
 * {@code audit.change_values: full}, the values. Columns: an insert or delete names every column, an update the
 * columns whose value changed in any row.
 */
final class CapturedChanges {

    // Numbers as written: 1.50 stays 1.50 in a key.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What one statement did to one table: rows as {@code row_to_json} text. */
    record Captured(String table, String operation, List<String> keyColumns, List<String> newRows,
            List<String> oldRows) {
    }

    private final List<Captured> captured;

    private CapturedChanges(List<Captured> captured) {
        this.captured = captured;
    }

    /** @param json what {@code fluxbase_gate.take_changes} returned */
    static CapturedChanges parse(String json) {
        JsonNode array = read(json);
        List<Captured> captured = new ArrayList<>(array.size());
        for (JsonNode entry : array) {
            captured.add(new Captured(entry.get("table").asText(), entry.get("operation").asText(),
                    texts(entry.get("key_columns")), texts(entry.get("new_rows")), texts(entry.get("old_rows"))));
        }
        return new CapturedChanges(captured);
    }

    /** Whether {@code table} (display name) had rows changed: a write that changed rows but shows none went uncaptured. */
    boolean covers(String table) {
        return captured.stream().anyMatch(change -> change.table().equals(table));
    }

    List<Object> events(CallRecord draft, boolean keepValues) {
        List<Object> events = new ArrayList<>(captured.size());
        for (Captured change : captured) {
            events.add(switch (change.operation()) {
                case "insert" -> new RecordsInsertedEvent(change.table(), columns(change.newRows()),
                        rows(change, change.newRows(), keepValues), draft.callId(), draft.keyId());
                case "update" -> new RecordsUpdatedEvent(change.table(), changedColumns(change),
                        rows(change, change.newRows(), keepValues), draft.callId(), draft.keyId());
                case "delete" -> new RecordsDeletedEvent(change.table(), columns(change.oldRows()),
                        rows(change, change.oldRows(), keepValues), draft.callId(), draft.keyId());
                default -> throw new IllegalStateException("unknown captured operation '" + change.operation() + "'");
            });
        }
        return events;
    }

    private static List<RowChange> rows(Captured change, List<String> rows, boolean keepValues) {
        List<RowChange> changed = new ArrayList<>(rows.size());
        for (String row : rows) {
            changed.add(new RowChange(key(change.keyColumns(), row), Digests.sha256(row), keepValues ? row : null));
        }
        return changed;
    }

    /** The primary key as a JSON object in key order, as {@code {"id":5}}; null for a table without one. */
    private static @Nullable String key(List<String> keyColumns, String row) {
        if (keyColumns.isEmpty()) {
            return null;
        }
        JsonNode values = read(row);
        ObjectNode key = JSON.createObjectNode();
        keyColumns.forEach(column -> key.set(column, values.get(column)));
        return key.toString();
    }

    private static List<String> columns(List<String> rows) {
        List<String> names = new ArrayList<>();
        if (!rows.isEmpty()) {
            read(rows.get(0)).fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    // The transition tables list the old and the new version of each row in the same order.
    private static List<String> changedColumns(Captured change) {
        Set<String> changed = new LinkedHashSet<>();
        for (int i = 0; i < change.newRows().size() && i < change.oldRows().size(); i++) {
            JsonNode before = read(change.oldRows().get(i));
            JsonNode after = read(change.newRows().get(i));
            for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!after.get(name).equals(before.get(name))) {
                    changed.add(name);
                }
            }
        }
        return List.copyOf(changed);
    }

    private static List<String> texts(@Nullable JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> texts.add(item.asText()));
        }
        return texts;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the change capture returned JSON that cannot be read: " + e.getMessage(),
                    e);
        }
    }
}
