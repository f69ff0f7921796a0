package io.fluxbase.mcp.command.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.storage.FileDeletedEvent;
import io.fluxbase.mcp.kernel.storage.FileUploadedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A caller's changes to {@code storage.objects} as file events, whichever SQL made them: the storage tools' own
 * statements, a function's (invoke_rpc) or a project's trigger. So a file stored, moved or removed by SQL is in the
 * log as the tools' files are. An update pairs each file's versions by id: at the same path it is a replacement,
 * at another a delete and an upload.
 */
final class CapturedFiles {

    /** The table's display name, as the capture records it. */
    static final String TABLE = "storage.objects";

    private CapturedFiles() {
    }

    static List<Object> events(String operation, List<JsonNode> before, List<JsonNode> after, CallRecord draft) {
        List<Object> events = new ArrayList<>(before.size() + after.size());
        switch (operation) {
            case "insert" -> after.forEach(file -> events.add(uploaded(file, false, draft)));
            case "delete" -> before.forEach(file -> events.add(deleted(file, draft)));
            case "update" -> {
                Map<String, JsonNode> earlier = new HashMap<>();
                before.forEach(file -> earlier.put(file.get("id").asText(), file));
                for (JsonNode file : after) {
                    JsonNode was = earlier.remove(file.get("id").asText());
                    boolean samePath = was != null && was.get("bucket_id").equals(file.get("bucket_id"))
                            && was.get("name").equals(file.get("name"));
                    if (was != null && !samePath) {
                        events.add(deleted(was, draft));
                    }
                    events.add(uploaded(file, samePath, draft));
                }
                earlier.values().forEach(file -> events.add(deleted(file, draft))); // its id changed
            }
            default -> throw new IllegalStateException("unknown captured operation '" + operation + "'");
        }
        return events;
    }

    private static FileUploadedEvent uploaded(JsonNode file, boolean replaced, CallRecord draft) {
        return new FileUploadedEvent(file.get("bucket_id").asText(), file.get("name").asText(),
                file.get("size").asLong(), file.get("sha256").asText(), file.get("content_type").asText(), replaced,
                draft.keyId(), draft.callId());
    }

    private static FileDeletedEvent deleted(JsonNode file, CallRecord draft) {
        return new FileDeletedEvent(file.get("bucket_id").asText(), file.get("name").asText(),
                file.get("size").asLong(), file.get("sha256").asText(), draft.keyId(), draft.callId());
    }
}
