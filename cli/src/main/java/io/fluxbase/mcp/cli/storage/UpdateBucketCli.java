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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Change a bucket's rules; what is not given stays as it is.",
        footer = {"", "Examples:", "  fluxbase storage buckets update avatars --private --max-file-size 5MB",
                "  fluxbase storage buckets update avatars --max-file-size none --allowed-types any"})
final class UpdateBucketCli implements Callable<Integer> {

    private static final String OPTIONS = "--public, --private, --max-file-size or --allowed-types";

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The bucket's name.")
    private String name = "";

    @Option(names = "--public", description = "Any key with read:storage may read the bucket's files.")
    private boolean makePublic;

    @Option(names = "--private", description = "Only keys the bucket's policies allow may read its files.")
    private boolean makePrivate;

    @Option(names = "--max-file-size", paramLabel = "SIZE|none",
            description = "The largest file the bucket takes, e.g. 10MB; 'none' removes the limit.")
    private @Nullable String maxFileSize;

    @Option(names = "--allowed-types", paramLabel = "TYPE[,TYPE...]|any",
            description = "Content types the bucket takes, e.g. image/*,text/plain; 'any' allows every type.")
    private @Nullable String allowedTypes;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    UpdateBucketCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String bucket = BucketArguments.name(name, spec);
        ObjectNode changes = validChanges();
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode updated = api.patch(BucketsCli.path(bucket), changes);
            BucketPrinter.print(updated, output.format(), spec.commandLine().getOut(), environment.clock().getZone(),
                    "updated bucket '" + bucket + "'");
        }
        return 0;
    }

    /** Only the fields given go into the PATCH body; JSON null clears the size limit. */
    private ObjectNode validChanges() {
        if (makePublic && makePrivate) {
            throw new ParameterException(spec.commandLine(), "--public and --private contradict each other; give one");
        }
        ObjectNode changes = CliJson.MAPPER.createObjectNode();
        if (makePublic || makePrivate) {
            changes.put("public", makePublic);
        }
        if (maxFileSize != null) {
            if (maxFileSize.strip().equalsIgnoreCase(BucketArguments.NO_SIZE_LIMIT)) {
                changes.putNull("max_file_size");
            } else {
                changes.put("max_file_size", BucketArguments.maxFileSize(maxFileSize, spec));
            }
        }
        if (allowedTypes != null) {
            BucketArguments.allowedTypes(allowedTypes, spec).forEach(changes.putArray("allowed_types")::add);
        }
        if (changes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "nothing to change; give " + OPTIONS);
        }
        return changes;
    }
}
