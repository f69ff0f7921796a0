package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "buckets", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "Create, list, change and delete storage buckets.",
        subcommands = {
                CreateBucketCli.class,
                ListBucketsCli.class,
                GetBucketCli.class,
                UpdateBucketCli.class,
                DeleteBucketCli.class,
        })
public final class BucketsCli extends CommandGroup {

    /** The admin API path of one bucket. */
    static String path(String bucket) {
        return StorageCli.BUCKETS_PATH + "/" + AdminApiClient.segment(bucket);
    }
}
