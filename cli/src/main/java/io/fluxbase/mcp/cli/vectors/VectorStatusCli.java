package io.fluxbase.mcp.cli.vectors;

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

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "One vector-enabled table: rows embedded, rows pending (the backfill, then recent writes), the"
                + " last embedding error, and how this server searches it (exact, hnsw or pgvector).")
final class VectorStatusCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TABLE", description = "The table, e.g. docs.")
    private String table = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    VectorStatusCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        try (AdminApiClient api = connection.connect(environment)) {
            VectorViews.print(api.get(VectorsCli.path(table)), output.format(), spec.commandLine().getOut(),
                    environment.clock().getZone(), null);
        }
        return 0;
    }
}
