package io.fluxbase.mcp.query.audit;

import static io.fluxbase.mcp.query.readmodel.StorableText.name;
import static io.fluxbase.mcp.query.readmodel.StorableText.text;

import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import io.fluxbase.mcp.kernel.audit.QuotedValues;
import io.fluxbase.mcp.query.readmodel.BatchedInserts;
import io.fluxbase.mcp.query.readmodel.DeadLetters;
import io.fluxbase.mcp.query.readmodel.EventOrigin;
import io.fluxbase.mcp.query.readmodel.GuardedWrites;
import io.fluxbase.mcp.query.readmodel.PendingRow;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit read model behind {@code fluxbase logs}: one row per call record, keyed by its position in the command
 * log (the order a hash chain will follow) and idempotent on the call id. A record that cannot be stored is set
 * aside, and an {@code unreadable} placeholder takes its row, so it never silently disappears from the log.
 */
@Component
@ProcessingGroup(AuditLogProjection.GROUP)
public class AuditLogProjection {

    public static final String GROUP = "audit-log";

    private static final String INSERT = """
            INSERT INTO fluxbase.audit_log (global_index, call_id, time, category, session_id, key_id, key_name,
                key_type, db_role, user_id, method, target, argument_digest, arguments, outcome, error_code, message,
                rows, bytes_out, duration_ms, client_name, client_version, ip, user_agent, trace_id, table_name)
            VALUES (%s, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""".formatted(EventOrigin.GLOBAL_INDEX);

    private static final String PLACEHOLDER = """
            INSERT INTO fluxbase.audit_log (global_index, call_id, time, category, key_id, method, outcome, error_code,
                message, rows, bytes_out, duration_ms)
            VALUES (%s, ?, ?, ?, ?, ?, ?, 'set_aside', ?, 0, 0, 0)
            ON CONFLICT DO NOTHING""".formatted(EventOrigin.GLOBAL_INDEX);

    private final JdbcTemplate jdbc;
    private final GuardedWrites writes;
    private final DeadLetters deadLetters;

    AuditLogProjection(JdbcTemplate jdbc, GuardedWrites writes, DeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.deadLetters = deadLetters;
    }

    /**
     * Rows of one processor batch are inserted together, in the batch's transaction just before its token is
     * stored, so a busy log costs one round trip per batch rather than one per call.
     */
    @EventHandler
    void on(CallRecordedEvent event, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        EventOrigin origin = EventOrigin.of(GROUP, message);
        CallRecord record = event.record();
        BatchedInserts.pending(unitOfWork, writes, INSERT).add(new PendingRow(origin, row(origin.eventId(), record),
                error -> placeholder(origin, record, error)));
    }

    private static Object[] row(String eventId, CallRecord r) {
        return new Object[] {eventId, name(r.callId()), Timestamp.from(r.time()), r.category().wireName(),
                name(r.sessionId()), name(r.keyId()), name(r.keyName()), name(r.keyType()), name(r.dbRole()),
                r.userId(), name(r.method()), name(r.target()), name(r.argumentDigest()), text(r.arguments()),
                r.outcome().wireName(), name(r.errorCode()), text(r.message()), r.rows(), r.bytesOut(),
                r.durationMs(), name(r.clientName()), name(r.clientVersion()), name(r.ip()), name(r.userAgent()),
                name(r.traceId()), name(r.table())};
    }

    /** Only what the log itself vouches for; should even this be refused, the dead letter still counts it. */
    private void placeholder(EventOrigin origin, CallRecord r, String error) {
        String message = "this call's record could not be stored and was set aside (fluxbase.dead_letter, processor "
                + origin.processor() + ", under this record's global_index): "
                + QuotedValues.removedFrom(error);
        writes.write(origin, () -> jdbc.update(PLACEHOLDER, origin.eventId(), name(r.callId()),
                Timestamp.from(r.time()), r.category().wireName(), name(r.keyId()), name(r.method()),
                CallOutcome.UNREADABLE.wireName(), text(message)));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.audit_log");
        deadLetters.forget(GROUP);
    }
}
