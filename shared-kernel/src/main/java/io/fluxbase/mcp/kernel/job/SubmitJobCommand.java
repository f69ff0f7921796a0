package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * submit_job, checked at the edge (the job exists, the payload fits its schema, the time is sensible). The job's
 * attempts and backoff are those of its definition at submission: a later deploy does not change a queued job's.
 *
 * @param payloadJson the payload as JSON text, or null when none was sent: what the job runs with, kept in the queue
 * @param recordedPayloadJson the payload as the command log keeps it: secret-named values masked, as in call records
 *     (audit.secret_names), except with audit.arguments full
 */
public record SubmitJobCommand(@TargetAggregateIdentifier String jobId, String name, @Nullable String payloadJson,
        @Nullable String recordedPayloadJson, int priority, Instant runAt, int maxAttempts, long backoffMs, @Nullable String idempotencyKey,
        Submitter submitter) {
}
