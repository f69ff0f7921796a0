package io.fluxbase.mcp.kernel.storage;

/** No bucket of that name. */
public class BucketNotFound extends RuntimeException {

    public BucketNotFound(String bucket) {
        super("no bucket named '" + bucket + "'; 'fluxbase storage buckets list' shows the buckets");
    }
}
