package io.fluxbase.mcp.query.audit;

import io.fluxbase.mcp.kernel.data.RecordsChangedEvent;
import io.fluxbase.mcp.kernel.data.RowChange;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each row's change history, from the change events. It shares the audit log's processor (one reader of the log for
 * both), and like it inserts a processor batch's rows together, idempotent on the event's position.
 */
@Component
@ProcessingGroup(AuditLogProjection.GROUP)
class RowHistoryProjection {

    // row_key: the primary key's values as text, in key order, comma-separated (json keeps the key's column order).
    private static final String INSERT = """
            INSERT INTO fluxbase.row_history (global_index, ordinal, time, table_name, row_key, primary_key,
                operation, columns, digest, row_values, call_id, key_id)
            VALUES (?, ?, ?, ?, (SELECT string_agg(value #>> '{}', ',' ORDER BY n)
                                 FROM json_each(CAST(? AS json)) WITH ORDINALITY AS k(key, value, n)),
                    ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    private final JdbcTemplate jdbc;

    RowHistoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(RecordsChangedEvent event, TrackingToken token, @Timestamp Instant time, UnitOfWork<?> unitOfWork) {
        long position = token.position().orElseThrow(() -> new IllegalStateException("token without a position"));
        List<Object[]> pending = BatchedInserts.pending(unitOfWork, jdbc, INSERT);
        for (int i = 0; i < event.rows().size(); i++) {
            RowChange row = event.rows().get(i);
            pending.add(new Object[] {position, i, java.sql.Timestamp.from(time), event.table(), row.key(),
                    row.key(), event.operation(), event.columns().toArray(String[]::new), row.digest(), row.values(),
                    event.callId(), event.keyId()});
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.row_history");
    }
}
