package io.fluxbase.mcp.cli.vectors;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.Table;
import io.fluxbase.mcp.cli.output.TimeDisplay;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** How a vector index is shown: a row of a list, the details of one, the CSV of either. */
final class VectorViews {

    static final List<String> FIELDS = List.of("table", "key_column", "column", "template", "model", "metric",
            "enabled_at", "embedded", "pending", "last_error", "last_error_at");

    private VectorViews() {
    }

    static Grid csv(List<JsonNode> indexes) {
        Grid grid = Grid.withHeaders(FIELDS);
        for (JsonNode index : indexes) {
            grid.row(FIELDS.stream().map(field -> CliJson.text(index, field)).toList());
        }
        return grid;
    }

    static Grid table(List<JsonNode> indexes) {
        Grid grid = Grid.withHeaders("TABLE", "TEXT", "MODEL", "METRIC", "EMBEDDED", "PENDING", "LAST ERROR");
        for (JsonNode index : indexes) {
            grid.row(CliJson.text(index, "table"), text(index), CliJson.text(index, "model"),
                    CliJson.text(index, "metric"), CliJson.text(index, "embedded"), CliJson.text(index, "pending"),
                    CliJson.text(index, "last_error"));
        }
        return grid;
    }

    /** One index: JSON as the API answered, one CSV row, or its details. */
    static void print(JsonNode index, OutputFormat format, PrintWriter out, ZoneId zone, @Nullable String summary) {
        switch (format) {
            case JSON -> out.println(CliJson.pretty(index));
            case CSV -> out.print(Csv.render(csv(List.of(index))));
            case TABLE -> {
                if (summary != null) {
                    out.println(summary);
                    out.println();
                }
                out.print(Table.details(List.of(
                        entry("Table", CliJson.text(index, "table")),
                        entry("Text", text(index)),
                        entry("Row key", CliJson.text(index, "key_column")),
                        entry("Model", CliJson.text(index, "model")),
                        entry("Metric", CliJson.text(index, "metric")),
                        entry("Enabled", TimeDisplay.local(CliJson.text(index, "enabled_at"), zone)),
                        entry("Rows embedded", CliJson.text(index, "embedded")),
                        entry("Rows pending", CliJson.text(index, "pending")),
                        entry("Search", CliJson.text(index, "search")),
                        entry("Last error", CliJson.text(index, "last_error")))));
            }
        }
        out.flush();
    }

    /** {@code column content} or the template as written. */
    static @Nullable String text(JsonNode index) {
        String column = CliJson.text(index, "column");
        return column != null ? "column " + column : CliJson.text(index, "template");
    }

    private static Map.Entry<String, @Nullable String> entry(String label, @Nullable String value) {
        return new SimpleEntry<>(label, value);
    }
}
