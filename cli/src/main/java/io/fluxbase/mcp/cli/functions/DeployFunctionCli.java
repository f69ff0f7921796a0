package io.fluxbase.mcp.cli.functions;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Deploy a function from a JavaScript (ES module) file.",
        footer = {"", "Example:", "  fluxbase functions deploy send-welcome --file index.js --timeout 10s \\",
                "      --input-schema schema.json",
                "  fluxbase functions deploy nightly-report --file job.js --job --max-attempts 3 --backoff 10s \\",
                "      --timeout 5m"})
final class DeployFunctionCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "1 to 63 lowercase letters, digits, '_' or '-'.")
    private String name = "";

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "The function's JavaScript (ES module) source, at most 1 MiB.")
    private Path file = Path.of("");

    @Option(names = "--description", paramLabel = "TEXT", description = "What the function does.")
    private @Nullable String description;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Wall-clock limit of one invocation, e.g. 500ms, 10s or 1m (default: the server's).")
    private @Nullable String timeout;

    @Option(names = "--input-schema", paramLabel = "FILE",
            description = "A JSON Schema object the function's input must match.")
    private @Nullable Path inputSchema;

    @Option(names = "--job", description = "Deploy it as a background job: its default export is called as"
            + " (payload, ctx) by submit_job, with ctx.progress(percent, message).")
    private boolean job;

    @Option(names = "--max-attempts", paramLabel = "N",
            description = "With --job: attempts before the job fails for good (default: 3).")
    private @Nullable Integer maxAttempts;

    @Option(names = "--backoff", paramLabel = "DURATION", description = "With --job: the wait before the second"
            + " attempt, doubling for each one after, e.g. 10s or 1m (default: 10s).")
    private @Nullable String backoff;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    DeployFunctionCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ObjectNode request = validRequest();
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode deployed = api.post(FunctionsCli.PATH, request);
            FunctionPrinter.print(deployed, output.format(), spec.commandLine().getOut(),
                    environment.clock().getZone(), "deployed function '" + CliJson.text(deployed, "name")
                            + "' version " + CliJson.text(deployed, "version"));
        }
        return 0;
    }

    /** Options left out stay out of the body, so the server's defaults apply; files are read before connecting. */
    private ObjectNode validRequest() {
        ObjectNode request = CliJson.MAPPER.createObjectNode().put("name", FunctionArguments.name(name, spec));
        String checkedTimeout = timeout == null ? null : FunctionArguments.timeout(timeout, spec);
        request.put("source", FunctionFiles.text(file, "--file"));
        if (description != null) {
            request.put("description", description);
        }
        if (checkedTimeout != null) {
            request.put("timeout", checkedTimeout);
        }
        if (inputSchema != null) {
            request.set("input_schema", FunctionFiles.jsonObject(inputSchema, "--input-schema"));
        }
        if (!job && (maxAttempts != null || backoff != null)) {
            throw new ParameterException(spec.commandLine(), (maxAttempts != null ? "--max-attempts" : "--backoff")
                    + ": only with --job");
        }
        if (job) {
            request.put("job", true);
            if (maxAttempts != null) {
                request.put("max_attempts", maxAttempts);
            }
            if (backoff != null) {
                request.put("backoff", FunctionArguments.timeout(backoff, spec));
            }
        }
        return request;
    }
}
