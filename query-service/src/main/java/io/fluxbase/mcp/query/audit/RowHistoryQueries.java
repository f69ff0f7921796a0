package io.fluxbase.mcp.query.audit;

import io.fluxbase.mcp.kernel.audit.RowHistoryReader;
import io.fluxbase.mcp.query.db.Conversations;
import java.util.concurrent.CompletableFuture;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Reads the row history read model, with each change's key name and tool from the audit log. */
@Component
class RowHistoryQueries implements RowHistoryReader {

    private static final String HISTORY = """
            SELECT json_build_object('table', $1::text, 'id', $2::text, 'changes', coalesce(json_agg(json_build_object(
                       'time', h.time, 'operation', h.operation, 'primary_key', h.primary_key::json,
                       'columns', h.columns, 'call_id', h.call_id, 'key_id', h.key_id, 'key_name', a.key_name,
                       'tool', a.target, 'session_id', a.session_id, 'digest', h.digest,
                       'values', h.row_values::json) ORDER BY h.global_index, h.ordinal), '[]'))::text
            FROM fluxbase.row_history h LEFT JOIN fluxbase.audit_log a ON a.call_id = h.call_id
            WHERE h.table_name = $1 AND h.row_key = $2""";

    private final DatabaseClient db;

    RowHistoryQueries(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<String> historyJson(String table, String rowKey) {
        return Conversations.toFuture(db.sql(HISTORY).bind(0, table).bind(1, rowKey)
                .map(row -> row.get(0, String.class))
                .one());
    }
}
