package io.fluxbase.mcp.kernel.storage;

import io.fluxbase.mcp.kernel.caller.Caller;

/** download_file: at most {@code maxBytes} of a file's content from byte {@code offset} on. */
public record DownloadFileQuery(Caller caller, String bucket, String path, long offset, int maxBytes) {

    public DownloadFileQuery {
        BucketName.check(bucket, "bucket");
        FilePath.check(path, "path");
        if (offset < 0) {
            throw new IllegalArgumentException("offset: must be 0 or more, got " + offset);
        }
    }
}
