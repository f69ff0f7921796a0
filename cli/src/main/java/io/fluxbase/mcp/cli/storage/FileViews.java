package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.TimeDisplay;
import java.time.ZoneId;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** How a bucket's files look in each output format. */
final class FileViews {

    static final List<String> FIELDS = List.of("name", "size", "content_type", "sha256", "updated_at");

    private FileViews() {
    }

    static Grid table(List<JsonNode> files, ZoneId zone) {
        Grid grid = Grid.withHeaders("NAME", "SIZE", "TYPE", "UPDATED");
        for (JsonNode file : files) {
            grid.row(CliJson.text(file, "name"), HumanBytes.of(file.path("size").asLong(0)),
                    CliJson.text(file, "content_type"), TimeDisplay.local(CliJson.text(file, "updated_at"), zone));
        }
        return grid;
    }

    static Grid csv(List<JsonNode> files) {
        Grid grid = Grid.withHeaders(FIELDS);
        for (JsonNode file : files) {
            grid.row(FIELDS.stream().map(field -> CliJson.text(file, field)).toList());
        }
        return grid;
    }
}
