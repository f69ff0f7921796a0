package io.fluxbase.mcp.cli.functions;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.Listing;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.cli.output.TimeDisplay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Show a function's latest runs, newest first: when, which version, how it ended, who called"
                + " and what it logged.")
final class FunctionLogsCli implements Callable<Integer> {

    /** The admin API's field names, in the order CSV output lists them. */
    static final List<String> FIELDS = List.of("time", "call_id", "key_id", "version", "via", "outcome", "status",
            "duration_ms", "bytes", "error", "logs");

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The function's name.")
    private String name = "";

    @Option(names = "--limit", paramLabel = "N", description = "How many runs to show, 1 to 1000 (default: 20).")
    private int limit = 20;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    FunctionLogsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String path = FunctionsCli.path(FunctionArguments.name(name, spec)) + "/logs?limit=" + limit;
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(path);
        }
        return new Listing("executions", FunctionLogsCli::csv, runs -> table(runs, environment.clock().getZone()),
                "'" + name + "' has not run yet; call it with invoke_function or POST /functions/v1/" + name)
                .print(spec.commandLine().getOut(), output.format(), answer);
    }

    /** One row per run; its log lines follow it, indented, so they read as the run's own. */
    static Grid table(List<JsonNode> runs, ZoneId zone) {
        Grid grid = Grid.withHeaders("TIME", "VERSION", "VIA", "OUTCOME", "STATUS", "DURATION", "KEY", "CALL ID");
        for (JsonNode run : runs) {
            grid.row(TimeDisplay.local(CliJson.text(run, "time"), zone), CliJson.text(run, "version"),
                    CliJson.text(run, "via"), CliJson.text(run, "outcome"), CliJson.text(run, "status"),
                    CliJson.text(run, "duration_ms") + " ms", CliJson.text(run, "key_id"),
                    CliJson.text(run, "call_id"));
            List<String> notes = new ArrayList<>();
            String error = CliJson.text(run, "error");
            if (error != null) {
                notes.add("error: " + error);
            }
            run.path("logs").forEach(line -> notes.add("log: " + line.asString()));
            notes.forEach(note -> grid.row("  " + note, null, null, null, null, null, null, null));
        }
        return grid;
    }

    static Grid csv(List<JsonNode> runs) {
        Grid grid = Grid.withHeaders(FIELDS);
        for (JsonNode run : runs) {
            grid.row(FIELDS.stream().map(field -> field.equals("logs") ? CliJson.compact(run.path("logs"))
                    : CliJson.text(run, field)).toList());
        }
        return grid;
    }
}
