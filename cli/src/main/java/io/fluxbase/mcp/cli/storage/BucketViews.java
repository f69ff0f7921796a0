package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.Table;
import io.fluxbase.mcp.cli.output.TimeDisplay;
import java.time.ZoneId;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** How buckets look in each output format. */
final class BucketViews {

    private BucketViews() {
    }

    static Grid table(List<Bucket> buckets, ZoneId zone) {
        Grid grid = Grid.withHeaders("NAME", "PUBLIC", "MAX FILE SIZE", "ALLOWED TYPES", "FILES", "BYTES", "CREATED");
        for (Bucket bucket : buckets) {
            grid.row(bucket.name(), yesNo(bucket.isPublic()), bucket.maxFileSizeText(), bucket.allowedTypesText(),
                    Long.toString(bucket.files()), HumanBytes.of(bucket.bytes()),
                    TimeDisplay.local(bucket.createdAt(), zone));
        }
        return grid;
    }

    /** Every field under its API name, so scripts can rely on the header. */
    static Grid csv(List<JsonNode> buckets) {
        Grid grid = Grid.withHeaders(Bucket.FIELDS);
        for (JsonNode bucket : buckets) {
            grid.row(Bucket.FIELDS.stream().map(field -> CliJson.text(bucket, field)).toList());
        }
        return grid;
    }

    static String details(Bucket bucket, ZoneId zone) {
        List<Map.Entry<String, @Nullable String>> fields = List.of(
                entry("Name", bucket.name()),
                entry("Public", yesNo(bucket.isPublic())),
                entry("Max file size", bucket.maxFileSize() == null ? "no limit" : bucket.maxFileSizeText()),
                entry("Allowed types", bucket.allowedTypesText()),
                entry("Files", Long.toString(bucket.files())),
                entry("Bytes", HumanBytes.of(bucket.bytes())),
                entry("Created", TimeDisplay.local(bucket.createdAt(), zone)),
                entry("Updated", TimeDisplay.local(bucket.updatedAt(), zone)));
        return Table.details(fields);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static Map.Entry<String, @Nullable String> entry(String label, @Nullable String value) {
        return new SimpleEntry<>(label, value);
    }
}
