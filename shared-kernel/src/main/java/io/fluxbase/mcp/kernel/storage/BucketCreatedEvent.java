package io.fluxbase.mcp.kernel.storage;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

@Revision("1")
public record BucketCreatedEvent(String bucket, boolean isPublic, @Nullable Long fileSizeLimit,
        List<String> allowedTypes) {

    public BucketCreatedEvent {
        allowedTypes = List.copyOf(allowedTypes);
    }
}
