package io.fluxbase.mcp.kernel.storage;

import io.fluxbase.mcp.kernel.caller.Caller;
import org.jspecify.annotations.Nullable;

/** list_files: files of a bucket whose path starts with {@code prefix}, by path, after {@code cursor} (a path). */
public record ListFilesQuery(Caller caller, String bucket, String prefix, int limit, @Nullable String cursor) {

    public ListFilesQuery {
        BucketName.check(bucket, "bucket");
        FilePath.checkPrefix(prefix, "prefix");
        if (cursor != null) {
            FilePath.check(cursor, "cursor");
        }
    }
}
