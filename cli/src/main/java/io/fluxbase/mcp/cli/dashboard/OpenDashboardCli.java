package io.fluxbase.mcp.cli.dashboard;

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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "open", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = {"Print a one-time sign-in link to the dashboard: open it in a browser within 5 minutes.",
                "It works once and signs that browser in like the admin token would: do not share it."})
final class OpenDashboardCli implements Callable<Integer> {

    static final String PATH = "/admin/v1/dashboard/links";

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    OpenDashboardCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.post(PATH, Map.of());
        }
        String url = CliJson.text(answer, "url");
        String expiresAt = CliJson.text(answer, "expires_at");
        if (url == null || expiresAt == null) {
            throw new CliException("the server's answer to POST " + PATH + " has no \"url\" or \"expires_at\"");
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            // The bare link on stdout, so that $(fluxbase dashboard open) works; the note goes to stderr.
            case TABLE -> {
                out.println(url);
                spec.commandLine().getErr().println("Open this link within 5 minutes (until " + expiresAt
                        + "); it signs in once.");
            }
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(Grid.withHeaders("url", "expires_at").row(url, expiresAt)));
        }
        out.flush();
        return 0;
    }
}
