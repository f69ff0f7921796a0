package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record JobProgressedEvent(String jobId, int attempt, int percent, String message, Instant at) {
}
