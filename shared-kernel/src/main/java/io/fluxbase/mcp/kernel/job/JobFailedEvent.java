package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The last attempt failed: the job has failed for good (until an operator retries it). */
@Revision("1")
public record JobFailedEvent(String jobId, int attempt, String error, Instant at) {
}
