package io.fluxbase.mcp.cli;

import io.fluxbase.mcp.cli.clientkeys.ClientKeysCli;
import io.fluxbase.mcp.cli.compliance.ComplianceCli;
import io.fluxbase.mcp.cli.dashboard.DashboardCli;
import io.fluxbase.mcp.cli.db.DbCli;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliFactory;
import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.ErrorReporter;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.functions.FunctionsCli;
import io.fluxbase.mcp.cli.jobs.JobsCli;
import io.fluxbase.mcp.cli.logs.LogsCli;
import io.fluxbase.mcp.cli.secrets.SecretsCli;
import io.fluxbase.mcp.cli.storage.StorageCli;
import io.fluxbase.mcp.cli.vectors.VectorsCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fluxbase} command. The admin subcommands talk to a running server over its admin HTTP API; the app
 * module adds {@code start}, which runs the server, to the {@link #commandLine()} it gets from here.
 */
@Command(name = "fluxbase", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Fluxbase MCP control plane: run the server ('fluxbase start') and administer it.",
        footer = {"", "Admin commands find the server through --server/--token, else FLUXBASE_URL/FLUXBASE_TOKEN,"
                + " else the server.json and admin-token files in the data directory (--data-dir, FLUXBASE_DATA_DIR"
                + " or ~/.fluxbase). Plain http is for this machine only; FLUXBASE_ALLOW_HTTP=1 allows it to"
                + " another over a trusted network."},
        subcommands = {ClientKeysCli.class, LogsCli.class, DbCli.class, StorageCli.class, FunctionsCli.class,
                JobsCli.class, SecretsCli.class, VectorsCli.class, ComplianceCli.class, DashboardCli.class})
public final class FluxbaseCli extends CommandGroup {

    /** The command line with the real environment; run it with {@code System.exit(commandLine().execute(args))}. */
    public static CommandLine commandLine() {
        return commandLine(CliEnvironment.system());
    }

    /**
     * The command line for {@code environment}. Error handling is set on the returned root, so it also covers
     * subcommands added later with {@link CommandLine#addSubcommand}.
     */
    public static CommandLine commandLine(CliEnvironment environment) {
        ErrorReporter errors = new ErrorReporter(environment);
        return new CommandLine(new FluxbaseCli(), new CliFactory(environment))
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setUsageHelpAutoWidth(true);
    }
}
