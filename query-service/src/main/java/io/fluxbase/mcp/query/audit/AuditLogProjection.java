package io.fluxbase.mcp.query.audit;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import java.sql.Timestamp;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit read model behind {@code fluxbase logs}: one row per call record, keyed by its position in the command
 * log (the order a hash chain will follow) and idempotent on the call id.
 */
@Component
@ProcessingGroup(AuditLogProjection.GROUP)
class AuditLogProjection {

    static final String GROUP = "audit-log";

    private final JdbcTemplate jdbc;

    AuditLogProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO fluxbase.audit_log (global_index, call_id, time, category, session_id, key_id, key_name,
                key_type, db_role, user_id, method, target, argument_digest, arguments, outcome, error_code, message,
                rows, bytes_out, duration_ms, client_name, client_version, ip, user_agent, trace_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    /**
     * Rows of one processor batch are inserted together, in the batch's transaction just before its token is
     * stored, so a busy log costs one round trip per batch rather than one per call.
     */
    @EventHandler
    void on(CallRecordedEvent event, TrackingToken token, UnitOfWork<?> unitOfWork) {
        long position = token.position().orElseThrow(() -> new IllegalStateException("token without a position"));
        List<Object[]> pending = BatchedInserts.pending(unitOfWork, jdbc, INSERT);
        pending.add(row(position, event.record()));
    }

    private static Object[] row(long position, CallRecord r) {
        return new Object[] {position, r.callId(), Timestamp.from(r.time()), r.category().wireName(), r.sessionId(),
                r.keyId(), r.keyName(), r.keyType(), r.dbRole(), r.userId(), r.method(), r.target(),
                r.argumentDigest(), r.arguments(), r.outcome().wireName(), r.errorCode(), r.message(), r.rows(),
                r.bytesOut(), r.durationMs(), r.clientName(), r.clientVersion(), r.ip(), r.userAgent(), r.traceId()};
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.audit_log");
    }
}
