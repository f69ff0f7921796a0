package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.output.Listing;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.kernel.job.JobStatus;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.util.LinkedHashMap;
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

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "List background jobs, newest first.",
        footer = {"", "Example:", "  fluxbase jobs list --status failed --since 24h"})
final class ListJobsCli implements Callable<Integer> {

    static final int MAX_LIMIT = 10_000;

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only jobs in this status: queued, running, succeeded, failed or cancelled.")
    private @Nullable String status;

    @Option(names = "--name", paramLabel = "NAME", description = "Only jobs of this name.")
    private @Nullable String name;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only jobs submitted since: a duration such as 30m, 24h or 7d, or an RFC 3339 time.")
    private @Nullable String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most this many jobs (1 to " + MAX_LIMIT + "); default: ${DEFAULT-VALUE}.")
    private int limit = 100;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    ListJobsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Map<String, @Nullable String> query = validQuery();
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(JobsCli.PATH, query);
        }
        return new Listing("jobs", JobViews::csv, jobs -> JobViews.table(jobs, environment.clock().getZone()),
                "no jobs that match; assistants submit them with submit_job")
                .print(spec.commandLine().getOut(), output.format(), answer);
    }

    /** Checked here for a fast, clear error; the server checks again. */
    private Map<String, @Nullable String> validQuery() {
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        try {
            if (status != null) {
                query.put("status", JobStatus.parse(status).wireName());
            }
            if (since != null) {
                TimeSpec.pointInPast(since, environment.clock().instant(), "--since");
                query.put("since", since.trim());
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), (status != null && e.getMessage().startsWith("unknown")
                    ? "--status: " : "") + e.getMessage());
        }
        if (name != null) {
            query.put("name", name);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(), "--limit: must be between 1 and " + MAX_LIMIT
                    + ", got " + limit);
        }
        query.put("limit", Integer.toString(limit));
        return query;
    }
}
