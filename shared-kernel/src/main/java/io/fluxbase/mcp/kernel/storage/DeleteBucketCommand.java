package io.fluxbase.mcp.kernel.storage;

/** {@code fluxbase storage buckets delete}: refused while the bucket holds files, unless {@code force}. */
public record DeleteBucketCommand(String bucket, boolean force) {
}
