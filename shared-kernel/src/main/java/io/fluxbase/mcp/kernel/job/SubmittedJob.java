package io.fluxbase.mcp.kernel.job;

import java.time.Instant;

/** The answer to a submission; {@code created} is false when an earlier submission with its key was found. */
public record SubmittedJob(String jobId, String name, JobStatus status, Instant runAt, boolean created) {
}
