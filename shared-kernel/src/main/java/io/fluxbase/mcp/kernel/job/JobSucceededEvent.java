package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

@Revision("1")
public record JobSucceededEvent(String jobId, int attempt, @Nullable String resultJson, Instant at) {
}
