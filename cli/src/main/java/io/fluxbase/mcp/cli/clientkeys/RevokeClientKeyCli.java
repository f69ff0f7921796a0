package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "revoke", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Revoke a client key; requests that use it are refused from then on.")
final class RevokeClientKeyCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's id, as shown by 'fluxbase clientkeys list'.")
    private String id = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    RevokeClientKeyCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String revokePath = ClientKeysCli.PATH + "/" + AdminApiClient.segment(KeyIds.valid(id, spec)) + "/revoke";
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode key = api.post(revokePath, null);
            ClientKeyPrinter.print(key, output.format(), spec.commandLine().getOut(), environment,
                    "revoked client key '" + CliJson.text(key, "name") + "'");
        }
        return 0;
    }
}
