package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Delete a bucket. The server refuses one that still holds files unless --force is given.")
final class DeleteBucketCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The bucket's name.")
    private String name = "";

    @Option(names = "--force", description = "Delete the bucket's files too.")
    private boolean force;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    DeleteBucketCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String bucket = BucketArguments.name(name, spec);
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        query.put("force", force ? "true" : null);
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.delete(BucketsCli.path(bucket), query);
        }
        String filesRemoved = CliJson.text(answer, "files_removed");
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(Grid.withHeaders("name", "files_removed").row(bucket, filesRemoved)));
            case TABLE -> out.println("deleted bucket '" + bucket + "'"
                    + ("0".equals(filesRemoved) || filesRemoved == null ? ""
                    : " and its " + filesRemoved + " file" + ("1".equals(filesRemoved) ? "" : "s")));
        }
        out.flush();
        return 0;
    }
}
