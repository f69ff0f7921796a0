package io.fluxbase.mcp.kernel.job;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code ctx.progress(percent, message)} during {@code attempt}. */
public record ReportJobProgressCommand(@TargetAggregateIdentifier String jobId, int attempt, int percent,
        String message) {
}
