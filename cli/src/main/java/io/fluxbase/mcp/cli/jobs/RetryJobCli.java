package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "retry", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "Queue a failed or cancelled job again, with a fresh set of attempts.")
final class RetryJobCli extends JobTransitionCli {

    RetryJobCli(CliEnvironment environment) {
        super(environment, "retry", "queued");
    }
}
