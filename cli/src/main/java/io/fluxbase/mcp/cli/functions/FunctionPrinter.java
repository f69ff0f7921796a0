package io.fluxbase.mcp.cli.functions;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Prints the one function that get and deploy answer with. */
final class FunctionPrinter {

    private FunctionPrinter() {
    }

    /** {@code summary} is a line for people shown above the details in table output, e.g. "deployed ...". */
    static void print(JsonNode functionJson, OutputFormat format, PrintWriter out, ZoneId zone,
            @Nullable String summary) {
        switch (format) {
            case JSON -> out.println(CliJson.pretty(functionJson));
            case CSV -> out.print(Csv.render(FunctionViews.csv(List.of(functionJson))));
            case TABLE -> {
                if (summary != null) {
                    out.println(summary);
                    out.println();
                }
                out.print(FunctionViews.details(DeployedFunction.from(functionJson), zone));
            }
        }
        out.flush();
    }
}
