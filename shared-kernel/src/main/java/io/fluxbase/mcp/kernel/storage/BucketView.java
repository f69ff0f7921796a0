package io.fluxbase.mcp.kernel.storage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A bucket as storage://buckets and the CLI show it; the counts are of the files the reader can see. */
public record BucketView(String bucket, BucketRules rules, long files, long bytes, Instant createdAt,
        Instant updatedAt) {

    /** The one JSON shape of a bucket, for the resource and the admin API alike. */
    public Map<String, @Nullable Object> shown() {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("name", bucket);
        view.put("public", rules.isPublic());
        view.put("max_file_size", rules.fileSizeLimit());
        view.put("allowed_types", rules.allowedTypes());
        view.put("files", files);
        view.put("bytes", bytes);
        view.put("created_at", createdAt.toString());
        view.put("updated_at", updatedAt.toString());
        return view;
    }
}
