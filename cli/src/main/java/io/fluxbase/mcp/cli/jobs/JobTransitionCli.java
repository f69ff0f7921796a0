package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A command that moves one job on (cancel, retry): one POST to the job's action, one line or its JSON back. */
abstract class JobTransitionCli implements Callable<Integer> {

    private final CliEnvironment environment;
    private final String action;
    private final String done;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    private String id = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    /** {@code action}: the admin API's path segment; {@code done}: what the table output says, as "cancelled". */
    JobTransitionCli(CliEnvironment environment, String action, String done) {
        this.environment = environment;
        this.action = action;
        this.done = done;
    }

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.post(JobsCli.path(id, action), null);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(output.format() == OutputFormat.TABLE ? done + " job " + CliJson.text(answer, "job_id")
                : CliJson.pretty(answer));
        out.flush();
        return 0;
    }
}
