package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Show one job: status, progress, attempts, result or error, and when each step happened.")
final class GetJobCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    private String id = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    GetJobCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        try (AdminApiClient api = connection.connect(environment)) {
            JobViews.print(api.get(JobsCli.path(id)), output.format(), spec.commandLine().getOut(),
                    environment.clock().getZone());
        }
        return 0;
    }
}
