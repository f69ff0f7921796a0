package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** The shape every command on one existing key shares: `fluxbase clientkeys <verb> ID`, then the key is printed. */
abstract class OneKeyCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's id, as shown by 'fluxbase clientkeys list'.")
    private String id = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    OneKeyCli(CliEnvironment environment) {
        this.environment = environment;
    }

    /** What this command asks of the admin API for the key at {@code keyPath}; answers the key. */
    abstract JsonNode request(AdminApiClient api, String keyPath);

    /** The line a person sees above the key, or null for none. */
    abstract @Nullable String summary(JsonNode key);

    @Override
    public Integer call() {
        String keyPath = ClientKeysCli.PATH + "/" + AdminApiClient.segment(KeyIds.valid(id, spec));
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode key = request(api, keyPath);
            ClientKeyPrinter.print(key, output.format(), spec.commandLine().getOut(), environment, summary(key));
        }
        return 0;
    }
}
