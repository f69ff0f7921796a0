package io.fluxbase.mcp.kernel.storage;

import io.fluxbase.mcp.kernel.caller.Caller;

/**
 * upload_file (and the CLI's copy into a bucket): {@code content} stored at {@code bucket/path} under the caller's
 * role, refused when a file is there already unless {@code upsert}. Bucket and path are checked ({@link BucketName},
 * {@link FilePath}).
 */
public record UploadFileCommand(Caller caller, String bucket, String path, byte[] content, String contentType,
        boolean upsert) {

    public UploadFileCommand {
        BucketName.check(bucket, "bucket");
        FilePath.check(path, "path");
    }
}
