package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "clientkeys", aliases = "client-keys", mixinStandardHelpOptions = true,
        versionProvider = FluxbaseVersion.class,
        description = "Manage the client keys MCP clients authenticate with.",
        subcommands = {
                CreateClientKeyCli.class,
                ListClientKeysCli.class,
                GetClientKeyCli.class,
                RevokeClientKeyCli.class,
                RotateClientKeyCli.class,
        })
public final class ClientKeysCli extends CommandGroup {

    static final String PATH = "/admin/v1/clientkeys";
}
