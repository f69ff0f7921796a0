package io.fluxbase.mcp.kernel.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Newest first, at most {@code limit} records of one category since a point in time. */
public record ListCallRecordsQuery(
        AuditCategory category,
        Instant since,
        @Nullable String keyId,
        @Nullable String target,
        @Nullable CallOutcome outcome,
        int limit) {
}
