package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

@Revision("1")
public record JobSubmittedEvent(String jobId, String name, @Nullable String payloadJson, int priority, Instant runAt,
        int maxAttempts, long backoffMs, @Nullable String idempotencyKey, Submitter submitter, Instant at) {
}
