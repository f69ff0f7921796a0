package io.fluxbase.mcp.command.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.audit.SecretNames;
import io.fluxbase.mcp.kernel.data.RecordsDeletedEvent;
import io.fluxbase.mcp.kernel.data.RecordsInsertedEvent;
import io.fluxbase.mcp.kernel.data.RecordsUpdatedEvent;
import io.fluxbase.mcp.kernel.data.RowChange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The change events of one write, from what the capture triggers recorded in its transaction: one event per statement
 * and table that changed rows, so a function's writes and a cascade's are recorded like a table tool's; files ({@code
 * storage.objects}) as file events, one per file. Each row has its primary key, a SHA-256 of its values (as PostgreSQL
 * renders them in JSON, the values of secret-named columns and keys masked first, as an argument digest's are, so that
 * it cannot confirm a guessed password) and, with {@code audit.change_values: full}, the values. Columns: an insert or
 * delete names every column, an update the columns whose value changed in any row.
 */
public final class CapturedChanges {

    // Numbers as written: 1.50 stays 1.50 in a key.
    private static final ObjectMapper JSON = VirtualThreadJson.mapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What one statement did to one table: rows as {@code row_to_json} text. */
    record Captured(String table, String operation, List<String> keyColumns, List<String> newRows,
            List<String> oldRows) {
    }

    private final List<Captured> captured;
    /** {@code audit.change_values: full}: the events carry each row's values, not only its digest. */
    private final boolean keepValues;
    private final SecretNames secrets;

    private CapturedChanges(List<Captured> captured, boolean keepValues, SecretNames secrets) {
        this.captured = captured;
        this.keepValues = keepValues;
        this.secrets = secrets;
    }

    /** @param json what {@code fluxbase_gate.take_changes} returned */
    static CapturedChanges parse(String json, boolean keepValues, SecretNames secrets) {
        JsonNode array = read(json);
        List<Captured> captured = new ArrayList<>(array.size());
        for (JsonNode entry : array) {
            captured.add(new Captured(entry.get("table").asText(), entry.get("operation").asText(),
                    texts(entry.get("key_columns")), texts(entry.get("new_rows")), texts(entry.get("old_rows"))));
        }
        return new CapturedChanges(captured, keepValues, secrets);
    }

    /** Whether {@code table} (display name) had rows changed: a write that changed rows but shows none went uncaptured. */
    public boolean covers(String table) {
        for (Captured change : captured) {
            if (change.table().equals(table)) {
                return true;
            }
        }
        return false;
    }

    // Each row's JSON is read once, for its key and for the columns.
    public List<Object> events(CallRecord draft) {
        List<Object> events = new ArrayList<>(captured.size());
        for (Captured change : captured) {
            if (change.table().equals(CapturedFiles.TABLE)) {
                events.addAll(CapturedFiles.events(change.operation(), readAll(change.oldRows()),
                        readAll(change.newRows()), draft));
                continue;
            }
            events.add(switch (change.operation()) {
                case "insert" -> {
                    List<JsonNode> rows = readAll(change.newRows());
                    yield new RecordsInsertedEvent(change.table(), columns(rows),
                            rows(change, change.newRows(), rows), draft.callId(), draft.keyId());
                }
                case "update" -> {
                    List<JsonNode> rows = readAll(change.newRows());
                    List<JsonNode> before = readAll(change.oldRows());
                    yield new RecordsUpdatedEvent(change.table(), changedColumns(before, rows),
                            movedRows(change, rows(change, change.newRows(), rows), before),
                            draft.callId(), draft.keyId());
                }
                case "delete" -> {
                    List<JsonNode> rows = readAll(change.oldRows());
                    yield new RecordsDeletedEvent(change.table(), columns(rows),
                            rows(change, change.oldRows(), rows), draft.callId(), draft.keyId());
                }
                default -> throw new IllegalStateException("unknown captured operation '" + change.operation() + "'");
            });
        }
        return events;
    }

    private List<RowChange> rows(Captured change, List<String> texts, List<JsonNode> rows) {
        List<RowChange> changed = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String row = texts.get(i);
            changed.add(new RowChange(key(change.keyColumns(), rows.get(i)), digest(row, rows.get(i)),
                    keepValues ? row : null));
        }
        return changed;
    }

    /** The row's text digested, or, when it holds a secret-named column or key at any depth, its masked copy. */
    private String digest(String text, JsonNode row) {
        if (!holdsSecret(row)) {
            return Digests.sha256(text);
        }
        try {
            return Digests.sha256(JSON.writeValueAsString(secrets.masked(JSON.convertValue(row, Object.class))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a captured row could not be written back as JSON", e);
        }
    }

    private boolean holdsSecret(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (secrets.matches(field.getKey()) || holdsSecret(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (holdsSecret(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Each updated row, with the key it had before where the update changed it (old rows come in the same order). */
    private static List<RowChange> movedRows(Captured change, List<RowChange> updated, List<JsonNode> before) {
        List<RowChange> rows = new ArrayList<>(updated.size());
        for (int i = 0; i < updated.size(); i++) {
            RowChange row = updated.get(i);
            String previous = i < before.size() ? key(change.keyColumns(), before.get(i)) : null;
            rows.add(previous == null || previous.equals(row.key()) ? row
                    : new RowChange(row.key(), row.digest(), row.values(), previous));
        }
        return rows;
    }

    /** The primary key as a JSON object in key order, as {@code {"id":5}}; null for a table without one. */
    private static @Nullable String key(List<String> keyColumns, JsonNode row) {
        if (keyColumns.isEmpty()) {
            return null;
        }
        ObjectNode key = JSON.createObjectNode();
        keyColumns.forEach(column -> key.set(column, row.get(column)));
        try {
            return JSON.writeValueAsString(key); // not toString(): its mapper keeps buffers per thread
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a primary key cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> columns(List<JsonNode> rows) {
        List<String> names = new ArrayList<>();
        if (!rows.isEmpty()) {
            rows.get(0).fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    // The transition tables list the old and the new version of each row in the same order.
    private static List<String> changedColumns(List<JsonNode> oldRows, List<JsonNode> newRows) {
        Set<String> changed = new LinkedHashSet<>();
        for (int i = 0; i < newRows.size() && i < oldRows.size(); i++) {
            JsonNode before = oldRows.get(i);
            JsonNode after = newRows.get(i);
            for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!after.get(name).equals(before.get(name))) {
                    changed.add(name);
                }
            }
        }
        return List.copyOf(changed);
    }

    private static List<JsonNode> readAll(List<String> rows) {
        List<JsonNode> read = new ArrayList<>(rows.size());
        for (String row : rows) {
            read.add(read(row));
        }
        return read;
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
