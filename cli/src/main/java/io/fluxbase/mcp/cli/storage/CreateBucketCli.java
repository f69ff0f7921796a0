package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Create a bucket. Its files are private unless --public is given.",
        footer = {"", "Example:", "  fluxbase storage buckets create avatars --public --max-file-size 2MB"
                + " --allowed-types image/*"})
final class CreateBucketCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "2 to 63 lowercase letters, digits, '.', '_' or '-'.")
    private String name = "";

    @Option(names = "--public", description = "Any key with read:storage may read the bucket's files.")
    private boolean isPublic;

    @Option(names = "--max-file-size", paramLabel = "SIZE",
            description = "The largest file the bucket takes, e.g. 10MB or 512KB (default: no limit of its own).")
    private @Nullable String maxFileSize;

    @Option(names = "--allowed-types", paramLabel = "TYPE[,TYPE...]",
            description = "Content types the bucket takes, e.g. image/*,text/plain (default: any).")
    private @Nullable String allowedTypes;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    CreateBucketCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ObjectNode request = validRequest();
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode created = api.post(StorageCli.BUCKETS_PATH, request);
            BucketPrinter.print(created, output.format(), spec.commandLine().getOut(), environment.clock().getZone(),
                    "created bucket '" + CliJson.text(created, "name") + "'");
        }
        return 0;
    }

    /** Options left out stay out of the body, so the server's defaults apply. */
    private ObjectNode validRequest() {
        ObjectNode request = CliJson.MAPPER.createObjectNode()
                .put("name", BucketArguments.name(name, spec))
                .put("public", isPublic);
        if (maxFileSize != null) {
            request.put("max_file_size", BucketArguments.maxFileSize(maxFileSize, spec));
        }
        if (allowedTypes != null) {
            BucketArguments.allowedTypes(allowedTypes, spec).forEach(request.putArray("allowed_types")::add);
        }
        return request;
    }
}
