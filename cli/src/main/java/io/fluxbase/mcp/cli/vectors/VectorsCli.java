package io.fluxbase.mcp.cli.vectors;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "vectors", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "Make tables searchable by meaning (the vector_search tool), list them, show their status.",
        subcommands = {
                EnableVectorsCli.class,
                ListVectorsCli.class,
                VectorStatusCli.class,
                DisableVectorsCli.class,
        })
public final class VectorsCli extends CommandGroup {

    static final String PATH = "/admin/v1/vectors";

    static String path(String table) {
        return PATH + "/" + AdminApiClient.segment(table);
    }
}
