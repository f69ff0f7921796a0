package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "rotate", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Issue a new value for a client key, keeping its name, type and scopes."
                + " The new value is printed once.")
final class RotateClientKeyCli extends OneKeyCli {

    RotateClientKeyCli(CliEnvironment environment) {
        super(environment);
    }

    @Override
    JsonNode request(AdminApiClient api, String keyPath) {
        return api.post(keyPath + "/rotate", null);
    }

    @Override
    String summary(JsonNode key) {
        return "rotated client key '" + CliJson.text(key, "name") + "'";
    }
}
