package io.fluxbase.mcp.query.function;

import static io.fluxbase.mcp.query.readmodel.StorableText.name;
import static io.fluxbase.mcp.query.readmodel.StorableText.text;

import io.fluxbase.mcp.kernel.function.FunctionInvokedEvent;
import io.fluxbase.mcp.query.audit.AuditLogProjection;
import io.fluxbase.mcp.query.readmodel.BatchedInserts;
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
 * One row per function run. It shares the audit log's processor (the run's event commits with its call's record, so
 * both read models move together) and inserts a batch's rows at once, idempotent on the event's position.
 */
@Component
@ProcessingGroup(AuditLogProjection.GROUP)
class FunctionExecutionProjection {

    private static final String INSERT = """
            INSERT INTO fluxbase.function_executions (global_index, call_id, time, name, version, key_id, via,
                outcome, status, error, duration_ms, bytes, logs)
            VALUES (%s, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""".formatted(EventOrigin.GLOBAL_INDEX);

    private final JdbcTemplate jdbc;
    private final GuardedWrites writes;

    FunctionExecutionProjection(JdbcTemplate jdbc, GuardedWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(FunctionInvokedEvent event, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        EventOrigin origin = EventOrigin.of(AuditLogProjection.GROUP, message);
        BatchedInserts.pending(unitOfWork, writes, INSERT).add(new PendingRow(origin, new Object[] {origin.eventId(),
                name(event.callId()), Timestamp.from(event.time()), name(event.name()), event.version(),
                name(event.keyId()), name(event.via()), name(event.outcome()), event.status(), text(event.error()),
                event.durationMs(), event.bytes(), event.logs().stream().map(line -> text(line)).toArray(String[]::new)}));
    }

    /** The audit log's reset forgets the processor's set-aside events; this forgets its rows. */
    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.function_executions");
    }
}
