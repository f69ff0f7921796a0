package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.cli.output.Table;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "List audit records, newest first.",
        footer = {"", "Example:", "  fluxbase logs list --since 30m --status denied"})
final class ListLogsCli implements Callable<Integer> {

    static final int MAX_LIMIT = 10_000;

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private LogFilterOptions filter = new LogFilterOptions();

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "24h",
            description = "How far back: a duration such as 30m, 24h or 7d, or an RFC 3339 time;"
                    + " default: ${DEFAULT-VALUE}.")
    private String since = "24h";

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most this many records (1 to " + MAX_LIMIT + "); default: ${DEFAULT-VALUE}.")
    private int limit = 100;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    ListLogsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Map<String, @Nullable String> query = validQuery();
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(LogsCli.PATH, query);
        }
        List<JsonNode> records = CliJson.elements(answer, "records");
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(LogViews.csv(records)));
            case TABLE -> {
                if (records.isEmpty()) {
                    out.println("no " + filter.category() + " records since " + since.trim() + " that match");
                } else {
                    out.print(Table.render(LogViews.table(records.stream().map(LogRecord::from).toList(),
                            environment.clock().getZone())));
                }
            }
        }
        out.flush();
        return 0;
    }

    /** Checked here for a fast, clear error; the server checks again. {@code since} is sent as typed. */
    Map<String, @Nullable String> validQuery() {
        Map<String, @Nullable String> query = filter.query(spec);
        try {
            TimeSpec.pointInPast(since, environment.clock().instant(), "--since");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(),
                    "--limit: must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        query.put("since", since.trim());
        query.put("limit", Integer.toString(limit));
        return query;
    }
}
