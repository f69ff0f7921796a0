package io.fluxbase.mcp.kernel.storage;

/** {@code fluxbase storage buckets create}: a new bucket with its rules. */
public record CreateBucketCommand(String bucket, BucketRules rules) {
}
