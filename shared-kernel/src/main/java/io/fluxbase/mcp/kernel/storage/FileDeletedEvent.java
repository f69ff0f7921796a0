package io.fluxbase.mcp.kernel.storage;

import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

@Revision("1")
public record FileDeletedEvent(String bucket, String path, long size, String sha256, @Nullable String keyId,
        String callId) {
}
