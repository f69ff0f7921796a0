package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Prints the one bucket that get, create and update answer with. */
final class BucketPrinter {

    private BucketPrinter() {
    }

    /** {@code summary} is a line for people shown above the details in table output, e.g. "created ...". */
    static void print(JsonNode bucketJson, OutputFormat format, PrintWriter out, ZoneId zone,
            @Nullable String summary) {
        switch (format) {
            case JSON -> out.println(CliJson.pretty(bucketJson));
            case CSV -> out.print(Csv.render(BucketViews.csv(List.of(bucketJson))));
            case TABLE -> {
                if (summary != null) {
                    out.println(summary);
                    out.println();
                }
                out.print(BucketViews.details(Bucket.from(bucketJson), zone));
            }
        }
        out.flush();
    }
}
