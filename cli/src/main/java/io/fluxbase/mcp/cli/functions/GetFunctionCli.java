package io.fluxbase.mcp.cli.functions;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Show one function, with its description and input schema.")
final class GetFunctionCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The function's name.")
    private String name = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    GetFunctionCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String path = FunctionsCli.path(FunctionArguments.name(name, spec));
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode function = api.get(path);
            FunctionPrinter.print(function, output.format(), spec.commandLine().getOut(),
                    environment.clock().getZone(), null);
        }
        return 0;
    }
}
