package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.json.CliJson;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A bucket as the admin API describes it; {@code maxFileSize} null means no limit, empty types mean any type. */
record Bucket(
        @Nullable String name,
        boolean isPublic,
        @Nullable Long maxFileSize,
        List<String> allowedTypes,
        long files,
        long bytes,
        @Nullable String createdAt,
        @Nullable String updatedAt) {

    /** The admin API's field names, in the order CSV output lists them. */
    static final List<String> FIELDS = List.of("name", "public", "max_file_size", "allowed_types", "files", "bytes",
            "created_at", "updated_at");

    static Bucket from(JsonNode json) {
        JsonNode maxFileSize = json.path("max_file_size");
        return new Bucket(CliJson.text(json, "name"), json.path("public").asBoolean(false),
                maxFileSize.isNumber() ? maxFileSize.asLong() : null,
                CliJson.elements(json, "allowed_types").stream().map(JsonNode::asString).toList(),
                json.path("files").asLong(0), json.path("bytes").asLong(0),
                CliJson.text(json, "created_at"), CliJson.text(json, "updated_at"));
    }

    String maxFileSizeText() {
        return maxFileSize == null ? "-" : HumanBytes.of(maxFileSize);
    }

    String allowedTypesText() {
        return allowedTypes.isEmpty() ? "any" : String.join(",", allowedTypes);
    }
}
