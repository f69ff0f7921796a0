package io.fluxbase.mcp.kernel.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The audit read model as the admin API, `fluxbase logs` and the dashboard read it. */
public interface CallRecordLog {

    CompletableFuture<List<CallRecord>> list(ListCallRecordsQuery query);

    /** How many records of the category since {@code since} ended each way; outcomes with none are left out. */
    CompletableFuture<Map<CallOutcome, Long>> countByOutcome(AuditCategory category, Instant since);

    /**
     * The first {@code limit} row changes one call wrote (the row history's entries of that call), in the order they
     * were made, and whether it wrote more.
     */
    CompletableFuture<RowChanges> changesOf(String callId, int limit);

    record RowChanges(List<RowChange> changes, boolean truncated) {

        public RowChanges {
            changes = List.copyOf(changes);
        }
    }

    /** One changed row as the row history keeps it: which row, how, which columns, and the digest of its values. */
    record RowChange(Instant time, String table, String rowKey, String operation, List<String> columns,
            String digest) {
    }
}
