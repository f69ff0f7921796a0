package io.fluxbase.mcp.cli.storage;

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

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "List all buckets with their rules and how much they hold.")
final class ListBucketsCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    ListBucketsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(StorageCli.BUCKETS_PATH);
        }
        List<JsonNode> buckets = CliJson.elements(answer, "buckets");
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(BucketViews.csv(buckets)));
            case TABLE -> {
                if (buckets.isEmpty()) {
                    out.println("no buckets yet; create one with 'fluxbase storage buckets create NAME'");
                } else {
                    out.print(Table.render(BucketViews.table(buckets.stream().map(Bucket::from).toList(),
                            environment.clock().getZone())));
                }
            }
        }
        out.flush();
        return 0;
    }
}
