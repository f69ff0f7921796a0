package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * Another attempt will run from {@code retryAt}: after {@code attempt} failed with {@code error}, or (error null)
 * because an operator retried a finished job. {@code maxAttempts} is the job's attempt budget from now on.
 */
@Revision("1")
public record JobRetryScheduledEvent(String jobId, int attempt, @Nullable String error, Instant retryAt,
        int maxAttempts, Instant at) {
}
