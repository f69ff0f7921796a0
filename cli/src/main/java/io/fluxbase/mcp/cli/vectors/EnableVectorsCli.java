package io.fluxbase.mcp.cli.vectors;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "enable", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Make a table searchable by meaning: its rows are embedded now (in the background) and again"
                + " whenever they change, by any path.",
        footer = {"", "Examples:", "  fluxbase vectors enable --table docs --column content",
                "  fluxbase vectors enable --table faq --template \"{{question}}: {{answer}}\" --wait"})
final class EnableVectorsCli implements Callable<Integer> {

    static final Duration POLL = Duration.ofSeconds(1);

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The table, e.g. docs or public.docs.")
    private String table = "";

    static final class Text {
        @Option(names = "--column", required = true, paramLabel = "COLUMN", description = "The column whose text is"
                + " embedded.")
        @Nullable String column;

        @Option(names = "--template", required = true, paramLabel = "TEMPLATE", description = "Text built from"
                + " several columns, e.g. \"{{title}}: {{body}}\".")
        @Nullable String template;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Text text = new Text();

    @Option(names = "--model", paramLabel = "MODEL", description = "The embedding model (default: the provider's,"
            + " minilm in process).")
    private @Nullable String model;

    @Option(names = "--metric", paramLabel = "METRIC", description = "cosine (default), dot or l2.")
    private @Nullable String metric;

    @Option(names = "--wait", description = "Show the backfill's progress on standard error until every row is"
            + " embedded.")
    private boolean await;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    EnableVectorsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("table", table);
        request.put("column", text.column);
        request.put("template", text.template);
        request.put("model", model);
        request.put("metric", metric);
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode index = api.post(VectorsCli.PATH, request);
            if (await) {
                index = followBackfill(api, Objects.requireNonNull(CliJson.text(index, "table")));
            }
            VectorViews.print(index, output.format(), spec.commandLine().getOut(), environment.clock().getZone(),
                    "enabled vector search on " + CliJson.text(index, "table"));
        }
        return 0;
    }

    /** Polls the status until nothing is pending; progress lines go to standard error, the result to output. */
    private JsonNode followBackfill(AdminApiClient api, String name) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        String last = null;
        while (true) {
            JsonNode index = api.get(VectorsCli.path(name));
            String line = "embedded " + CliJson.text(index, "embedded") + ", pending " + CliJson.text(index,
                    "pending") + (CliJson.text(index, "last_error") == null ? ""
                    : " (last error: " + CliJson.text(index, "last_error") + ")");
            if (!line.equals(last)) {
                err.println(line);
                err.flush();
                last = line;
            }
            if ("0".equals(CliJson.text(index, "pending"))) {
                return index;
            }
            environment.sleeper().sleep(POLL);
        }
    }
}
