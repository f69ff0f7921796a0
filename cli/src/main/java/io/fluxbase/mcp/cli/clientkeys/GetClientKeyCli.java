package io.fluxbase.mcp.cli.clientkeys;

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
import tools.jackson.databind.JsonNode;

@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Show one client key.")
final class GetClientKeyCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's id, as shown by 'fluxbase clientkeys list'.")
    private String id = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    GetClientKeyCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String keyPath = ClientKeysCli.PATH + "/" + AdminApiClient.segment(KeyIds.valid(id, spec));
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode key = api.get(keyPath);
            ClientKeyPrinter.print(key, output.format(), spec.commandLine().getOut(), environment, null);
        }
        return 0;
    }
}
