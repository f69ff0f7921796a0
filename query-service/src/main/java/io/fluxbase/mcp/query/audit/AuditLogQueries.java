package io.fluxbase.mcp.query.audit;

import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordLog;
import io.fluxbase.mcp.kernel.audit.ListCallRecordsQuery;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcValues;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryHandler;
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
                          AND ($7::timestamptz IS NULL OR time < $7)
                        ORDER BY time DESC, global_index DESC
                        LIMIT $6""")
                .bind(0, query.category().wireName());
        spec = R2dbcValues.bindTime(spec, 1, query.since());
        spec = R2dbcValues.bindText(spec, 2, query.keyId());
        spec = R2dbcValues.bindText(spec, 3, query.target());
        spec = R2dbcValues.bindText(spec, 4, query.outcome() == null ? null : query.outcome().wireName());
        spec = R2dbcValues.bindTime(spec, 6, query.until());
        return Conversations.toFuture(spec.bind(5, query.limit())
                .map(AuditLogQueries::record)
                .all()
                .collectList());
    }

    @Override
    public CompletableFuture<Map<CallOutcome, Long>> countByOutcome(AuditCategory category, Instant since) {
        return Conversations.toFuture(db.sql("""
                        SELECT outcome, count(*) AS calls FROM fluxbase.audit_log
                        WHERE category = $1 AND time >= $2
                        GROUP BY outcome""")
                .bind(0, category.wireName())
                .bind(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .map(row -> Map.entry(CallOutcome.parse(row.get("outcome", String.class)),
                        row.get("calls", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, () -> new EnumMap<>(CallOutcome.class)));
    }

    @Override
    public CompletableFuture<RowChanges> changesOf(String callId, int limit) {
        return Conversations.toFuture(db.sql("""
                        SELECT time, table_name, row_key, operation, columns, digest FROM fluxbase.row_history
                        WHERE call_id = $1
                        ORDER BY global_index, ordinal
                        LIMIT $2""")
                .bind(0, callId)
                .bind(1, limit + 1)
                .map(row -> new RowChange(R2dbcValues.time(row, "time"),
                        row.get("table_name", String.class), String.valueOf(row.get("row_key", String.class)),
                        row.get("operation", String.class), List.of(row.get("columns", String[].class)),
                        row.get("digest", String.class)))
                .all()
                .collectList()
                .map(changes -> changes.size() > limit ? new RowChanges(changes.subList(0, limit), true)
                        : new RowChanges(changes, false)));
    }

    private static CallRecord record(Readable row) {
        return new CallRecord(
                R2dbcValues.time(row, "time"),
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
