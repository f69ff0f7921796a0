package io.fluxbase.mcp.cli.output;

import io.fluxbase.mcp.cli.json.CliJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * How every {@code list} command prints: the API's JSON as it came for {@code -o json}, a CSV of the items, or a
 * table of them, with a line that says how to make the first when there are none.
 */
public record Listing(String field, Function<List<JsonNode>, Grid> csv, Function<List<JsonNode>, Grid> table,
        String whenEmpty) {

    /** Prints {@code answer}'s list under {@link #field}; returns the command's exit code. */
    public int print(PrintWriter out, OutputFormat format, JsonNode answer) {
        List<JsonNode> items = CliJson.elements(answer, field);
        switch (format) {
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(csv.apply(items)));
            case TABLE -> out.print(items.isEmpty() ? whenEmpty + System.lineSeparator()
                    : Table.render(table.apply(items)));
        }
        out.flush();
        return 0;
    }
}
