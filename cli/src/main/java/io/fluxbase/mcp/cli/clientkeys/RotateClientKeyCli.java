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

@Command(name = "rotate", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Issue a new value for a client key, keeping its name, type and scopes."
                + " The new value is printed once.")
final class RotateClientKeyCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's id, as shown by 'fluxbase clientkeys list'.")
    private String id = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    RotateClientKeyCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String rotatePath = ClientKeysCli.PATH + "/" + AdminApiClient.segment(KeyIds.valid(id, spec)) + "/rotate";
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode key = api.post(rotatePath, null);
            ClientKeyPrinter.print(key, output.format(), spec.commandLine().getOut(), environment,
                    "rotated client key '" + CliJson.text(key, "name") + "'");
        }
        return 0;
    }
}
