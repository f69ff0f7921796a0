package io.fluxbase.mcp.query.audit;

import static io.fluxbase.mcp.query.readmodel.StorableText.name;
import static io.fluxbase.mcp.query.readmodel.StorableText.whole;

import io.fluxbase.mcp.kernel.data.RecordsChangedEvent;
import io.fluxbase.mcp.kernel.data.RowChange;
import io.fluxbase.mcp.query.readmodel.BatchedInserts;
import io.fluxbase.mcp.query.readmodel.DeadLetters;
import io.fluxbase.mcp.query.readmodel.EventOrigin;
import io.fluxbase.mcp.query.readmodel.GuardedWrites;
import io.fluxbase.mcp.query.readmodel.PendingRow;
import io.fluxbase.mcp.query.readmodel.StorableText;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jspecify.annotations.Nullable;
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
            VALUES (%s, ?, ?, ?, (SELECT string_agg(value #>> '{}', ',' ORDER BY n)
                                 FROM json_each(CAST(? AS json)) WITH ORDINALITY AS k(key, value, n)),
                    ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""".formatted(EventOrigin.GLOBAL_INDEX);

    /** Kept under the key an update took a row away from, with that key: it ends the key's history. */
    static final String KEY_CHANGE = "key_change";

    private final JdbcTemplate jdbc;
    private final GuardedWrites writes;
    private final DeadLetters deadLetters;

    RowHistoryProjection(JdbcTemplate jdbc, GuardedWrites writes, DeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.deadLetters = deadLetters;
    }

    /** Keys and values are JSON that history queries parse again: escaped where needed, never cut. */
    @EventHandler
    void on(RecordsChangedEvent event, EventMessage<?> message, @Timestamp Instant time,
            UnitOfWork<?> unitOfWork) {
        EventOrigin origin = EventOrigin.of(AuditLogProjection.GROUP, message);
        List<PendingRow> pending = BatchedInserts.pending(unitOfWork, writes, INSERT);
        String[] columns = event.columns().stream().map(StorableText::name).toArray(String[]::new);
        for (int i = 0; i < event.rows().size(); i++) {
            RowChange row = event.rows().get(i);
            if (row.previousKey() != null) {
                // the row left its old key: that key's history ends here (before the statement's own rows, so a
                // row that takes the key in the same statement starts after it)
                pending.add(entry(origin, -(i + 1), time, event, row.previousKey(), KEY_CHANGE, columns, row));
            }
            pending.add(entry(origin, i, time, event, row.key(), name(event.operation()), columns, row));
        }
    }

    /** One entry of the history kept under {@code key}, in the column order of {@link #INSERT}. */
    private static PendingRow entry(EventOrigin origin, int ordinal, Instant time, RecordsChangedEvent event,
            @Nullable String key, String operation, String[] columns, RowChange row) {
        return new PendingRow(origin, new Object[] {origin.eventId(), ordinal, java.sql.Timestamp.from(time),
                name(event.table()), whole(key), whole(key), operation, columns, name(row.digest()),
                whole(row.values()), name(event.callId()), name(event.keyId())});
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.row_history");
        deadLetters.forget(AuditLogProjection.GROUP);
    }
}
