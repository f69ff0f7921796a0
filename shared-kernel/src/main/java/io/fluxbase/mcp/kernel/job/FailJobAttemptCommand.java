package io.fluxbase.mcp.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code attempt} threw, timed out, or its node stopped renewing its lease. The aggregate decides whether another
 * attempt follows, as {@code retry} asks while attempts are left, or the job has failed for good, and answers with a
 * {@link JobAttemptOutcome}.
 */
public record FailJobAttemptCommand(@TargetAggregateIdentifier String jobId, int attempt, String error,
        Retry retry) {

    public enum Retry {
        /** After the job's backoff. */
        AFTER_BACKOFF,
        /** At once: the attempt never got to fail on its own (its node stopped). */
        AT_ONCE,
        /** Never: another attempt would fail the same way (the key was revoked, the payload asks the impossible). */
        NEVER
    }
}
