package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "revoke", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Revoke a client key; requests that use it are refused from then on.")
final class RevokeClientKeyCli extends OneKeyCli {

    RevokeClientKeyCli(CliEnvironment environment) {
        super(environment);
    }

    @Override
    JsonNode request(AdminApiClient api, String keyPath) {
        return api.post(keyPath + "/revoke", null);
    }

    @Override
    String summary(JsonNode key) {
        return "revoked client key '" + CliJson.text(key, "name") + "'";
    }
}
