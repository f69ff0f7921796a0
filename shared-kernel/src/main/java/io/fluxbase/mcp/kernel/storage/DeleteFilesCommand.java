package io.fluxbase.mcp.kernel.storage;

import io.fluxbase.mcp.kernel.caller.Caller;
import java.util.List;

/** delete_file: up to {@link #MAX_PATHS} files of one bucket, those the caller's role may delete. */
public record DeleteFilesCommand(Caller caller, String bucket, List<String> paths) {

    public static final int MAX_PATHS = 100;

    public DeleteFilesCommand {
        BucketName.check(bucket, "bucket");
        paths = List.copyOf(paths);
        for (String path : paths) {
            FilePath.check(path, "paths");
        }
    }
}
