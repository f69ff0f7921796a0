package io.fluxbase.mcp.cli.db;

import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "db", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Work with the server's PostgreSQL database.",
        subcommands = {DbUrlCli.class, ApplySchemaCli.class})
public final class DbCli extends CommandGroup {
}
