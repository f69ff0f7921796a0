package io.fluxbase.mcp.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** {@code attempt} returned: its value, as JSON text, is the job's result. */
public record SucceedJobCommand(@TargetAggregateIdentifier String jobId, int attempt, @Nullable String resultJson) {
}
