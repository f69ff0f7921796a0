package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Prints the one key that get, create, revoke and rotate answer with. */
final class ClientKeyPrinter {

    private ClientKeyPrinter() {
    }

    /** {@code summary} is a line for people shown above the details in table output, e.g. "revoked ...". */
    static void print(JsonNode keyJson, OutputFormat format, PrintWriter out, CliEnvironment environment,
            @Nullable String summary) {
        switch (format) {
            case JSON -> out.println(CliJson.pretty(keyJson));
            case CSV -> out.print(Csv.render(ClientKeyViews.csv(List.of(keyJson))));
            case TABLE -> {
                ClientKey key = ClientKey.from(keyJson);
                if (summary != null) {
                    out.println(summary);
                    out.println();
                }
                out.print(ClientKeyViews.details(key, environment.clock().instant(), environment.clock().getZone()));
                if (key.key() != null) {
                    out.print(ClientKeyViews.plaintextNotice(key.key()));
                }
                String warning = CliJson.text(keyJson, "warning");
                if (warning != null) {
                    out.println();
                    out.println("Note: " + warning);
                }
            }
        }
        out.flush();
    }
}
