package io.fluxbase.mcp.cli.secrets;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.kernel.secret.SecretName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

@Command(name = "secrets", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "Set, list and unset the secrets edge functions read as ctx.env.NAME.",
        subcommands = {
                SetSecretCli.class,
                ListSecretsCli.class,
                UnsetSecretCli.class,
        })
public final class SecretsCli extends CommandGroup {

    static final String PATH = "/admin/v1/secrets";

    /** The admin API path of one secret. */
    static String path(String name) {
        return PATH + "/" + AdminApiClient.segment(name);
    }

    /** The name checked with the server's rule before any request, so a typo is reported at once. */
    static String name(String name, CommandSpec spec) {
        try {
            return SecretName.check(name, "NAME");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
