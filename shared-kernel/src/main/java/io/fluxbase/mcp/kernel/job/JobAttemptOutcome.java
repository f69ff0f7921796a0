package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What a failed attempt led to: {@code QUEUED} again from {@code retryAt}, or {@code FAILED} for good. */
public record JobAttemptOutcome(JobStatus status, @Nullable Instant retryAt) {
}
