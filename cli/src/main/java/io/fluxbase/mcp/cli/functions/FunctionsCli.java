package io.fluxbase.mcp.cli.functions;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "functions", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "Deploy, list, show and delete JavaScript functions, and read their runs.",
        subcommands = {
                DeployFunctionCli.class,
                ListFunctionsCli.class,
                GetFunctionCli.class,
                DeleteFunctionCli.class,
                FunctionLogsCli.class,
        })
public final class FunctionsCli extends CommandGroup {

    static final String PATH = "/admin/v1/functions";

    /** The admin API path of one function. */
    static String path(String name) {
        return PATH + "/" + AdminApiClient.segment(name);
    }
}
