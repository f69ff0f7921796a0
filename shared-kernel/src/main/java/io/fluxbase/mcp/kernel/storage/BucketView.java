package io.fluxbase.mcp.kernel.storage;

import java.time.Instant;

/** A bucket as storage://buckets and the CLI show it; the counts are of the files the reader can see. */
public record BucketView(String bucket, BucketRules rules, long files, long bytes, Instant createdAt,
        Instant updatedAt) {
}
