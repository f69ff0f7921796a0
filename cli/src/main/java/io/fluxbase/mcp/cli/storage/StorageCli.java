package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "storage", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "Manage storage buckets and copy files in and out of them.",
        subcommands = {BucketsCli.class, ListFilesCli.class, CopyFileCli.class, RemoveFilesCli.class})
public final class StorageCli extends CommandGroup {

    static final String BUCKETS_PATH = "/admin/v1/storage/buckets";
    static final String FILES_PATH = "/admin/v1/storage/files";
}
