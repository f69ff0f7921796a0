package io.fluxbase.mcp.cli.db;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "url", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = {"Print the database connection URL, e.g. for psql \"$(fluxbase db url)\".",
                "It contains the database password: treat it like one."})
final class DbUrlCli implements Callable<Integer> {

    static final String PATH = "/admin/v1/db/url";

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    DbUrlCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(PATH);
        }
        String url = CliJson.text(answer, "url");
        if (url == null) {
            throw new CliException("the server's answer to GET " + PATH + " has no \"url\"");
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            // The bare URL, so the table form works in $(...) too.
            case TABLE -> out.println(url);
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(Grid.withHeaders("url").row(url)));
        }
        out.flush();
        return 0;
    }
}
