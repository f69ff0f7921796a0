package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "Cancel a queued or running job: it will not start, or is stopped and its result not kept.")
final class CancelJobCli extends JobTransitionCli {

    CancelJobCli(CliEnvironment environment) {
        super(environment, "cancel", "cancelled");
    }
}
