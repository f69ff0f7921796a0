package io.fluxbase.mcp.cli.secrets;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.Listing;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.cli.output.TimeDisplay;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "List the secrets: names and when each was set, never their values.")
final class ListSecretsCli implements Callable<Integer> {

    private static final List<String> FIELDS = List.of("name", "updated_at", "problem");

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    ListSecretsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(SecretsCli.PATH);
        }
        return new Listing("secrets", ListSecretsCli::csv, secrets -> table(secrets, environment.clock().getZone()),
                "no secrets yet; set one with 'fluxbase secrets set NAME' (the value is read from standard input)")
                .print(spec.commandLine().getOut(), output.format(), answer);
    }

    private static Grid table(List<JsonNode> secrets, ZoneId zone) {
        boolean problems = secrets.stream().anyMatch(secret -> CliJson.text(secret, "problem") != null);
        Grid grid = problems ? Grid.withHeaders("NAME", "UPDATED", "PROBLEM") : Grid.withHeaders("NAME", "UPDATED");
        for (JsonNode secret : secrets) {
            String name = CliJson.text(secret, "name");
            String updated = TimeDisplay.local(CliJson.text(secret, "updated_at"), zone);
            if (problems) {
                grid.row(name, updated, CliJson.text(secret, "problem"));
            } else {
                grid.row(name, updated);
            }
        }
        return grid;
    }

    private static Grid csv(List<JsonNode> secrets) {
        Grid grid = Grid.withHeaders(FIELDS);
        for (JsonNode secret : secrets) {
            grid.row(FIELDS.stream().map(field -> CliJson.text(secret, field)).toList());
        }
        return grid;
    }
}
