package io.fluxbase.mcp.cli.dashboard;

import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class, description = "The server's web dashboard.",
        subcommands = OpenDashboardCli.class)
public final class DashboardCli extends CommandGroup {
}
