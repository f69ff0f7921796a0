package io.fluxbase.mcp.kernel.storage;

import java.time.Instant;

/** One file as listings show it. */
public record FileView(String bucket, String path, long size, String contentType, String sha256, Instant createdAt,
        Instant updatedAt) {
}
