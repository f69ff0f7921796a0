package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** {@code fluxbase jobs list}: newest first, each filter optional. */
public record ListJobsQuery(@Nullable JobStatus status, @Nullable String name, @Nullable Instant since, int limit) {
}
