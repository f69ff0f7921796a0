package io.fluxbase.mcp.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A runner on {@code node} claimed the job and starts {@code attempt} (1 for the first). */
public record StartJobCommand(@TargetAggregateIdentifier String jobId, String node, int attempt) {
}
