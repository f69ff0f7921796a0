package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** {@code wasRunning}: an attempt was under way and is stopped; its result, should it come, is not kept. */
@Revision("1")
public record JobCancelledEvent(String jobId, boolean wasRunning, Instant at) {
}
