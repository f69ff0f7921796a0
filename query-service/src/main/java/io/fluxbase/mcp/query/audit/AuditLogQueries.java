package io.fluxbase.mcp.query.audit;

import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordLog;
import io.fluxbase.mcp.kernel.audit.ListCallRecordsQuery;
import io.fluxbase.mcp.query.db.Conversations;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class AuditLogQueries implements CallRecordLog {

    private final DatabaseClient db;

    AuditLogQueries(DatabaseClient db) {
        this.db = db;
    }

    /** Optional filters are bound as nulls and switched off in SQL, so the statement text never varies. */
    @Override
    @QueryHandler
    public CompletableFuture<List<CallRecord>> list(ListCallRecordsQuery query) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        SELECT * FROM fluxbase.audit_log
                        WHERE category = $1 AND time >= $2
                          AND ($3::text IS NULL OR key_id = $3)
                          AND ($4::text IS NULL OR target = $4)
                          AND ($5::text IS NULL OR outcome = $5)
                        ORDER BY time DESC, global_index DESC
                        LIMIT $6""")
                .bind(0, query.category().wireName())
                .bind(1, OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC));
        spec = bindText(spec, 2, query.keyId());
        spec = bindText(spec, 3, query.target());
        spec = bindText(spec, 4, query.outcome() == null ? null : query.outcome().wireName());
        return Conversations.toFuture(spec.bind(5, query.limit())
                .map(AuditLogQueries::record)
                .all()
                .collectList());
    }

    private static DatabaseClient.GenericExecuteSpec bindText(DatabaseClient.GenericExecuteSpec spec, int index,
            @Nullable String value) {
        return value == null ? spec.bindNull(index, String.class) : spec.bind(index, value);
    }

    private static CallRecord record(Readable row) {
        return new CallRecord(
                row.get("time", OffsetDateTime.class).toInstant(),
                row.get("call_id", String.class),
                AuditCategory.parse(row.get("category", String.class)),
                row.get("session_id", String.class),
                row.get("key_id", String.class),
                row.get("key_name", String.class),
                row.get("key_type", String.class),
                row.get("db_role", String.class),
                row.get("user_id", UUID.class),
                row.get("method", String.class),
                row.get("target", String.class),
                row.get("argument_digest", String.class),
                row.get("arguments", String.class),
                CallOutcome.parse(row.get("outcome", String.class)),
                row.get("error_code", String.class),
                row.get("message", String.class),
                row.get("rows", Long.class),
                row.get("bytes_out", Long.class),
                row.get("duration_ms", Double.class),
                row.get("client_name", String.class),
                row.get("client_version", String.class),
                row.get("ip", String.class),
                row.get("user_agent", String.class),
                row.get("trace_id", String.class),
                row.get("table_name", String.class));
    }
}
