package io.fluxbase.mcp.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code fluxbase jobs retry}: a failed or cancelled job is queued again with a fresh set of attempts. */
public record RetryJobCommand(@TargetAggregateIdentifier String jobId) {
}
