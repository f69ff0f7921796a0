package io.fluxbase.mcp.query.readmodel;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Rows a projection inserts for a whole processor batch at once, in the batch's transaction just before its token
 * is stored: a busy log costs one round trip per batch rather than one per event. A row PostgreSQL refuses is set
 * aside with its event rather than failing the batch (see {@link GuardedWrites#insertAll}).
 */
public final class BatchedInserts {

    private BatchedInserts() {
    }

    /** The batch's pending rows for {@code sql}; add to the list, the batch inserts them when it commits. */
    public static List<PendingRow> pending(UnitOfWork<?> unitOfWork, GuardedWrites writes, String sql) {
        UnitOfWork<?> batch = unitOfWork.root();
        return batch.getOrComputeResource(BatchedInserts.class.getName() + "/" + sql, key -> {
            List<PendingRow> rows = new ArrayList<>();
            batch.onPrepareCommit(committing -> writes.insertAll(sql, rows));
            return rows;
        });
    }
}
