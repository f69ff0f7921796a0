package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Read the audit log: MCP calls (category mcp), authentication attempts (auth), job attempts"
                + " (jobs) and what the admin token did (admin); verify and export the tamper-evident command log.",
        subcommands = {ListLogsCli.class, TailLogsCli.class, VerifyLogsCli.class, ExportLogsCli.class,
                PubkeyLogsCli.class})
public final class LogsCli extends CommandGroup {

    static final String PATH = "/admin/v1/logs";
}
