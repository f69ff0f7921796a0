package io.fluxbase.mcp.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code attempt} threw, timed out, or its node stopped renewing its lease. The aggregate decides whether another
 * attempt follows (after the backoff, or at once when {@code retryNow}: the attempt never got to fail on its own)
 * or the job has failed for good, and answers with a {@link JobAttemptOutcome}.
 */
public record FailJobAttemptCommand(@TargetAggregateIdentifier String jobId, int attempt, String error,
        boolean retryNow) {
}
