package io.fluxbase.mcp.cli.vectors;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.jobs.JobFollower;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.OutputOptions;
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
import tools.jackson.databind.node.ObjectNode;

@Command(name = "enable", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Make a table searchable by meaning: its rows are embedded now (in the background) and again"
                + " whenever they change, by any path.",
        footer = {"", "Examples:", "  fluxbase vectors enable --table docs --column content",
                "  fluxbase vectors enable --table faq --template \"{{question}}: {{answer}}\" --wait"})
final class EnableVectorsCli implements Callable<Integer> {

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

    @Option(names = "--wait", description = "Follow the backfill job on standard error until every row is embedded"
            + " (exit 1 if the job fails).")
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
            String table = Objects.requireNonNull(CliJson.text(index, "table"));
            String job = Objects.requireNonNull(CliJson.text(index, "backfill_job_id"));
            String summary = "enabled vector search on " + table + "; job " + job + " embeds its rows (fluxbase"
                    + " jobs get " + job + " --follow)";
            if (await) {
                // the job's progress lines go to standard error, the index as it then stands to output
                String ended = new JobFollower(api, environment.sleeper()).follow(job, OutputFormat.TABLE,
                        spec.commandLine().getErr());
                ObjectNode after = (ObjectNode) api.get(VectorsCli.path(table));
                after.put("backfill_job_id", job);
                VectorViews.print(after, output.format(), spec.commandLine().getOut(),
                        environment.clock().getZone(), summary);
                return "succeeded".equals(ended) ? 0 : 1;
            }
            VectorViews.print(index, output.format(), spec.commandLine().getOut(), environment.clock().getZone(),
                    summary);
        }
        return 0;
    }
}
