package io.fluxbase.mcp.cli.functions;

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

/** How functions look in each output format. */
final class FunctionViews {

    /** Descriptions are prose; the list keeps them short so the columns after them stay on screen. */
    static final int DESCRIPTION_WIDTH = 40;

    private FunctionViews() {
    }

    static Grid table(List<DeployedFunction> functions, ZoneId zone) {
        Grid grid = Grid.withHeaders("NAME", "VERSION", "DESCRIPTION", "TIMEOUT", "DEPLOYED", "INVOCATIONS",
                "LAST STATUS");
        for (DeployedFunction function : functions) {
            grid.row(function.name(), Long.toString(function.version()), shorten(function.description()),
                    function.timeoutText(), TimeDisplay.local(function.deployedAt(), zone),
                    Long.toString(function.invocations()), function.lastStatusText());
        }
        return grid;
    }

    /** Every field under its API name, so scripts can rely on the header; the schema as compact JSON. */
    static Grid csv(List<JsonNode> functions) {
        Grid grid = Grid.withHeaders(DeployedFunction.FIELDS);
        for (JsonNode function : functions) {
            grid.row(DeployedFunction.FIELDS.stream().map(field -> CliJson.text(function, field)).toList());
        }
        return grid;
    }

    static String details(DeployedFunction function, ZoneId zone) {
        JsonNode schema = function.inputSchema();
        List<Map.Entry<String, @Nullable String>> fields = List.of(
                entry("Name", function.name()),
                entry("Version", Long.toString(function.version())),
                entry("SHA-256", function.sha256()),
                entry("Description", function.description()),
                entry("Timeout", function.timeoutText()),
                entry("Input schema", schema == null ? "none" : CliJson.compact(schema)),
                entry("Deployed", TimeDisplay.local(function.deployedAt(), zone)),
                entry("Invocations", Long.toString(function.invocations())),
                entry("Last status", function.lastStatusText()));
        return Table.details(fields);
    }

    /** At most {@link #DESCRIPTION_WIDTH} characters, the last one an ellipsis when text was cut. */
    static @Nullable String shorten(@Nullable String description) {
        if (description == null) {
            return null;
        }
        String flat = description.replaceAll("\\s+", " ").strip();
        return flat.length() <= DESCRIPTION_WIDTH ? flat : flat.substring(0, DESCRIPTION_WIDTH - 1) + "…";
    }

    private static Map.Entry<String, @Nullable String> entry(String label, @Nullable String value) {
        return new SimpleEntry<>(label, value);
    }
}
