package io.fluxbase.mcp.query.audit;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows a projection inserts for a whole processor batch at once, in the batch's transaction just before its token
 * is stored: a busy log costs one round trip per batch rather than one per event.
 */
final class BatchedInserts {

    private BatchedInserts() {
    }

    /** The batch's pending rows for {@code sql}; add to the list, the batch inserts them when it commits. */
    static List<Object[]> pending(UnitOfWork<?> unitOfWork, JdbcTemplate jdbc, String sql) {
        UnitOfWork<?> batch = unitOfWork.root();
        return batch.getOrComputeResource(BatchedInserts.class.getName() + "/" + sql, key -> {
            List<Object[]> rows = new ArrayList<>();
            batch.onPrepareCommit(committing -> jdbc.batchUpdate(sql, rows));
            return rows;
        });
    }
}
