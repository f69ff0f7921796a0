package io.fluxbase.mcp.kernel.storage;

import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/** A file was stored at {@code bucket/path}; {@code replaced} when it took the place of an earlier one (upsert). */
@Revision("1")
public record FileUploadedEvent(String bucket, String path, long size, String sha256, String contentType,
        boolean replaced, @Nullable String keyId, String callId) {
}
