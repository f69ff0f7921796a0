package io.fluxbase.mcp.kernel.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Newest first, at most {@code limit} records of one category since a point in time and, when {@code until} is set,
 * before it (exclusive: the dashboard pages back by passing the oldest time it has shown).
 */
public record ListCallRecordsQuery(
        AuditCategory category,
        Instant since,
        @Nullable String keyId,
        @Nullable String target,
        @Nullable CallOutcome outcome,
        int limit,
        @Nullable Instant until) {

    public ListCallRecordsQuery(AuditCategory category, Instant since, @Nullable String keyId, @Nullable String target,
            @Nullable CallOutcome outcome, int limit) {
        this(category, since, keyId, target, outcome, limit, null);
    }
}
