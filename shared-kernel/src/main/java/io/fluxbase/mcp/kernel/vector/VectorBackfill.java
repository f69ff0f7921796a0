package io.fluxbase.mcp.kernel.vector;

import org.jspecify.annotations.Nullable;

/**
 * The backfill of a table just enabled, run as a background job: it walks the table's rows in key order, a batch at
 * a time, and embeds those whose text digest is not stored yet (so a retried attempt re-embeds nothing). Later writes
 * are the trigger-fed queue's. Blocking (JDBC). An unknown index throws {@link VectorIndexNotFound}; a provider that
 * is down {@link EmbeddingUnavailable}.
 */
public interface VectorBackfill {

    /** How many rows the table holds now: the backfill's total. */
    long rows(String table);

    /** Embeds the next batch of rows whose key sorts after {@code afterKey} (null: from the first row). */
    Batch embedAfter(String table, @Nullable String afterKey);

    /** @param lastKey the key of the batch's last row, the next call's {@code afterKey}; null once the table ends */
    record Batch(int rows, @Nullable String lastKey) {
    }
}
