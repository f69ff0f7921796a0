package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.cli.output.Table;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "List all client keys, including revoked and expired ones.")
final class ListClientKeysCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    ListClientKeysCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(ClientKeysCli.PATH);
        }
        List<JsonNode> keys = CliJson.elements(answer, "keys");
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(ClientKeyViews.csv(keys)));
            case TABLE -> {
                if (keys.isEmpty()) {
                    out.println("no client keys yet; create one with"
                            + " 'fluxbase clientkeys create --name NAME --type anon --scopes read:tables'");
                } else {
                    out.print(Table.render(ClientKeyViews.table(keys.stream().map(ClientKey::from).toList(),
                            environment.clock().instant(), environment.clock().getZone())));
                }
            }
        }
        out.flush();
        return 0;
    }
}
