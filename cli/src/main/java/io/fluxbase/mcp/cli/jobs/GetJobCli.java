package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Show one job: status, progress, attempts, result or error, and when each step happened.",
        footer = {"", "Examples:", "  fluxbase jobs get 2f6c0a57-4b1d-4f43-9a7e-5d1f0c2e8b11",
                "  fluxbase jobs get 2f6c0a57-4b1d-4f43-9a7e-5d1f0c2e8b11 --follow"})
final class GetJobCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    private String id = "";

    @Option(names = "--follow", description = "Print a line each time the job's status or progress changes"
            + " (-o json: the job as one JSON object per change) until it ends; exits 1 unless it succeeded.")
    private boolean follow;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    GetJobCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (follow && output.format() == OutputFormat.CSV) {
            throw new ParameterException(spec.commandLine(), "--follow: prints table lines or JSON, not CSV");
        }
        try (AdminApiClient api = connection.connect(environment)) {
            if (follow) {
                String ended = new JobFollower(api, environment.sleeper()).follow(id, output.format(),
                        spec.commandLine().getOut());
                return "succeeded".equals(ended) ? 0 : 1;
            }
            JobViews.print(api.get(JobsCli.path(id)), output.format(), spec.commandLine().getOut(),
                    environment.clock().getZone());
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
