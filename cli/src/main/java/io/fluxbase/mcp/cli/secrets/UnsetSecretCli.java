package io.fluxbase.mcp.cli.secrets;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "unset", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Remove a secret; functions no longer see it (ctx.env.NAME is undefined).")
final class UnsetSecretCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The secret's name.")
    private String name = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    UnsetSecretCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String secret = SecretsCli.name(name, spec);
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.delete(SecretsCli.path(secret), Map.of());
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(Grid.withHeaders("name", "deleted")
                    .row(secret, CliJson.text(answer, "deleted"))));
            case TABLE -> out.println("unset secret '" + secret + "'");
        }
        out.flush();
        return 0;
    }
}
