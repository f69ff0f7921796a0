package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "pubkey", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = {"Print the public key the command log's checkpoints are signed with (Ed25519, PEM).",
                "Keep a copy where the database's owner cannot change it: 'logs verify --pubkey FILE' then proves"
                        + " the log against it."},
        footer = {"", "Example:", "  fluxbase logs pubkey > fluxbase-log.pub"})
final class PubkeyLogsCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    PubkeyLogsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(LogsCli.PATH + "/pubkey");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.format() == OutputFormat.JSON) {
            out.println(CliJson.pretty(answer));
        } else {
            out.print(CliJson.text(answer, "pem"));
        }
        out.flush();
        return 0;
    }
}
