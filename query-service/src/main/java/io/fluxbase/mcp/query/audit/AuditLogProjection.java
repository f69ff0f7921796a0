package io.fluxbase.mcp.query.audit;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
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

    @EventHandler
    void on(CallRecordedEvent event, TrackingToken token) {
        CallRecord r = event.record();
        long position = token.position().orElseThrow(() -> new IllegalStateException("token without a position"));
        jdbc.update("""
                INSERT INTO fluxbase.audit_log (global_index, call_id, time, category, session_id, key_id, key_name,
                    key_type, db_role, user_id, method, target, argument_digest, arguments, outcome, error_code, message,
                    rows, bytes_out, duration_ms, client_name, client_version, ip, user_agent, trace_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                position, r.callId(), Timestamp.from(r.time()), r.category().wireName(), r.sessionId(), r.keyId(),
                r.keyName(), r.keyType(), r.dbRole(), r.userId(), r.method(), r.target(), r.argumentDigest(),
                r.arguments(), r.outcome().wireName(), r.errorCode(), r.message(), r.rows(), r.bytesOut(),
                r.durationMs(), r.clientName(), r.clientVersion(), r.ip(), r.userAgent(), r.traceId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.audit_log");
    }
}
