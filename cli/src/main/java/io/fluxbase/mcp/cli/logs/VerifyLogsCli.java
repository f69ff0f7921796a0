package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.AdminApiLines;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = {"Prove the command log unaltered: walk its hash chain and signed checkpoints and report OK"
                + " with the count and time range, or the first record altered, deleted, inserted or reordered.",
                "Exit status 1 when anything is wrong."},
        footer = {"", "Examples:", "  fluxbase logs verify", "  fluxbase logs verify --since 7d --pubkey fluxbase-log.pub",
                "  fluxbase logs verify --file march.jsonl --pubkey fluxbase-log.pub"})
final class VerifyLogsCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Verify from the first record at or after this time: a duration such as 7d, or an RFC 3339"
                    + " time; default: the whole log.")
    private @Nullable String since;

    @Option(names = "--pubkey", paramLabel = "FILE",
            description = "Check checkpoint signatures against this public key (PEM, as 'logs pubkey' prints)"
                    + " instead of the server's.")
    private @Nullable Path pubkey;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Verify an exported file ('logs export --format jsonl') on its own, without the server.")
    private @Nullable Path file;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    VerifyLogsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (file != null && since != null) {
            throw new CliException("--since: not with --file, which verifies the whole file; export the range you"
                    + " want instead (logs export --since)");
        }
        PublicKeyFile key = pubkey == null ? null : PublicKeyFile.read(pubkey);
        JsonNode report = file != null ? ExportedFile.verify(file, key, spec.commandLine().getErr())
                : onServer(key);
        PrintWriter out = spec.commandLine().getOut();
        if (output.format() == OutputFormat.JSON) {
            out.println(CliJson.pretty(report));
        } else {
            out.println(CliJson.text(report, "summary"));
        }
        out.flush();
        return report.path("ok").asBoolean() ? 0 : 1;
    }

    private JsonNode onServer(@Nullable PublicKeyFile key) {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("since", since);
        if (key != null) {
            body.put("public_key", key.pem());
            body.put("public_key_source", key.source());
        }
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "verifying");
        JsonNode[] report = {null};
        try (AdminApiClient api = connection.connect(environment)) {
            new AdminApiLines(api).read("POST", LogsCli.PATH + "/verify", Map.of(), body, line -> {
                if (line.has("progress")) {
                    bar.show(line.path("progress").path("done").asLong(), line.path("progress").path("total").asLong());
                } else if (line.has("report")) {
                    report[0] = line.path("report");
                }
            });
        } finally {
            bar.end();
        }
        if (report[0] == null) {
            throw new CliException("the server ended the verification without a"
                    + " report; see its log");
        }
        return report[0];
    }
}
