package io.fluxbase.mcp.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code fluxbase jobs cancel}: a queued job never starts, a running one is stopped and its result not kept. */
public record CancelJobCommand(@TargetAggregateIdentifier String jobId) {
}
