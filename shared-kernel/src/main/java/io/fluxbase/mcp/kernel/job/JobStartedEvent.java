package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record JobStartedEvent(String jobId, String node, int attempt, Instant at) {
}
