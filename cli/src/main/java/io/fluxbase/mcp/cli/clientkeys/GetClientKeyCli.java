package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Show one client key.")
final class GetClientKeyCli extends OneKeyCli {

    GetClientKeyCli(CliEnvironment environment) {
        super(environment);
    }

    @Override
    JsonNode request(AdminApiClient api, String keyPath) {
        return api.get(keyPath);
    }

    @Override
    @Nullable String summary(JsonNode key) {
        return null;
    }
}
