package io.fluxbase.mcp.kernel.job;

import org.jspecify.annotations.Nullable;

/** One attempt of a job that a node claimed: what the runner needs to run it and to report back. */
public record ClaimedJob(String jobId, String name, @Nullable String payloadJson, int attempt,
        Submitter submitter, String node) {
}
