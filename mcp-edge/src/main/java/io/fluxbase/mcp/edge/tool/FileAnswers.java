package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.kernel.storage.FileView;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the storage tools share: schemas of their arguments and a file as they show it. */
final class FileAnswers {

    static final Map<String, Object> BUCKET = Map.of("type", "string", "description",
            "Bucket name; storage://buckets lists them");
    static final Map<String, Object> PATH = Map.of("type", "string", "description",
            "Path of the file inside the bucket, e.g. user-1/avatar.png (no leading '/', no '..')");

    private FileAnswers() {
    }

    static Map<String, Object> file(FileView file) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", file.path());
        view.put("size", file.size());
        view.put("content_type", file.contentType());
        view.put("sha256", file.sha256());
        view.put("updated_at", file.updatedAt().toString());
        return view;
    }

    static Map<String, Object> outputSchema(Map<String, Object> properties, List<String> required) {
        return Map.of("type", "object", "properties", properties, "required", required);
    }
}
