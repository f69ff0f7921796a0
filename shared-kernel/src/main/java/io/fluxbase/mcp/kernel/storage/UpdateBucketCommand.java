package io.fluxbase.mcp.kernel.storage;

/** {@code fluxbase storage buckets update}: the bucket's rules as they are to be from now on. */
public record UpdateBucketCommand(String bucket, BucketRules rules) {
}
