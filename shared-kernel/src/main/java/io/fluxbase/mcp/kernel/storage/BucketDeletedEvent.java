package io.fluxbase.mcp.kernel.storage;

import org.axonframework.serialization.Revision;

/** {@code filesRemoved}: files the bucket still held, removed with it (a forced delete); each also has its FileDeleted. */
@Revision("1")
public record BucketDeletedEvent(String bucket, long filesRemoved) {
}
