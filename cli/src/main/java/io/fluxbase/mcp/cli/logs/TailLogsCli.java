package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
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

@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = {"Show the latest audit records, then print new ones as they arrive until interrupted (Ctrl+C).",
                "With -o json, prints one JSON object per line."})
final class TailLogsCli implements Callable<Integer> {

    static final int BACKLOG = 10;
    static final int POLL_LIMIT = 1_000;
    /** How far back the first poll looks for the backlog. */
    private static final String BACKLOG_SINCE = "24h";

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private LogFilterOptions filter = new LogFilterOptions();

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
            description = "How often to ask the server for new records; default: ${DEFAULT-VALUE}.")
    private String interval = "2s";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    TailLogsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Map<String, @Nullable String> query = filter.query(spec);
        Duration pause;
        try {
            pause = TimeSpec.duration(interval, "--interval");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NewRecordFilter newRecords = new NewRecordFilter();
        try (AdminApiClient api = connection.connect(environment)) {
            List<JsonNode> backlog = poll(api, query, BACKLOG_SINCE, BACKLOG);
            printHeader(out);
            print(newRecords.backlog(backlog), out);
            if (output.format() == OutputFormat.TABLE) {
                err.println("following " + filter.category() + " records every " + interval.trim()
                        + "; press Ctrl+C to stop");
                err.flush();
            }
            while (true) {
                environment.sleeper().sleep(pause);
                String since = newRecords.nextSince().map(Object::toString).orElse(BACKLOG_SINCE);
                List<JsonNode> answer = poll(api, query, since, POLL_LIMIT);
                if (answer.size() >= POLL_LIMIT) {
                    err.println("fluxbase: more than " + POLL_LIMIT + " records arrived within one interval;"
                            + " some may be missing here, use 'fluxbase logs list' to see them all");
                    err.flush();
                }
                print(newRecords.unseen(answer), out);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static List<JsonNode> poll(AdminApiClient api, Map<String, @Nullable String> filterQuery, String since,
            int limit) {
        Map<String, @Nullable String> query = new LinkedHashMap<>(filterQuery);
        query.put("since", since);
        query.put("limit", Integer.toString(limit));
        return CliJson.elements(api.get(LogsCli.PATH, query), "records");
    }

    private void printHeader(PrintWriter out) {
        switch (output.format()) {
            case TABLE -> out.print(LogViews.streamHeader());
            case CSV -> out.print(LogViews.csvHeader());
            case JSON -> {
                // JSON Lines: nothing before the first record.
            }
        }
        out.flush();
    }

    private void print(List<JsonNode> fresh, PrintWriter out) {
        ZoneId zone = environment.clock().getZone();
        for (JsonNode record : fresh) {
            switch (output.format()) {
                case TABLE -> out.print(LogViews.streamLine(LogRecord.from(record), zone));
                case CSV -> out.print(LogViews.csvLine(record));
                case JSON -> out.println(CliJson.compact(record));
            }
        }
        out.flush();
    }
}
