package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.chain.ChainLink;
import io.fluxbase.mcp.kernel.chain.ChainedLog;
import io.fluxbase.mcp.kernel.chain.Checkpoint;
import io.fluxbase.mcp.kernel.chain.ExportLines;
import io.fluxbase.mcp.kernel.chain.Retention;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams a time range of the chained log with a cursor: first the checkpoints inside the range and the last
 * retention cut, then each record with its previous chain hash, so that the file proves itself.
 */
@Component
class ChainExport {

    private static final String RECORDS = """
            SELECT c.position, c.global_index, c.event_identifier, c.payload_type, c.time, c.record_hash, c.chain_hash,
                e.event_identifier, e.global_index, e.aggregate_identifier, e.sequence_number, e.type, e.payload_type,
                e.payload_revision, e.time_stamp, e.payload, e.meta_data,
                p.chain_hash, a.category, a.key_id, a.key_name, a.method, a.target, a.outcome
            FROM fluxbase.log_chain c
            LEFT JOIN fluxbase.domain_event_entry e ON e.global_index = c.global_index
            LEFT JOIN fluxbase.log_chain p ON p.position = c.position - 1
            LEFT JOIN fluxbase.audit_log a ON a.global_index = c.global_index
            WHERE c.time >= ? AND c.time < ?""";

    private static final List<String> AUDIT_FIELDS = List.of("category", "key_id", "key_name", "method", "target",
            "outcome");

    private final JdbcTemplate jdbc;
    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;

    ChainExport(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.cursor = new JdbcTemplate(jdbc.getDataSource());
        this.cursor.setFetchSize(2_000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    void export(ChainedLog.ExportRange range, List<Checkpoint> checkpointsFrom, Retention.Cut cut,
            Consumer<Map<String, Object>> line, ChainedLog.Progress progress) {
        readOnly.executeWithoutResult(status -> {
            ChainVerification.preferIndexLookups(jdbc);
            Timestamp since = Timestamp.from(range.since());
            Timestamp until = Timestamp.from(range.until());
            Map<String, Object> bounds = jdbc.queryForMap("SELECT min(position) AS first, max(position) AS last"
                    + " FROM fluxbase.log_chain WHERE time >= ? AND time < ?", since, until);
            long first = bounds.get("first") == null ? 0 : ((Number) bounds.get("first")).longValue();
            long last = bounds.get("last") == null ? -1 : ((Number) bounds.get("last")).longValue();
            for (Checkpoint checkpoint : checkpointsFrom) {
                if (checkpoint.position() >= first && checkpoint.position() <= last) {
                    line.accept(Map.of(ExportLines.CHECKPOINT, ExportLines.checkpoint(checkpoint)));
                }
            }
            if (cut.position() > 0) {
                line.accept(Map.of(ExportLines.PRUNING, ExportLines.pruning(cut)));
            }
            StringBuilder sql = new StringBuilder(RECORDS);
            List<Object> parameters = new ArrayList<>(List.of(since, until));
            if (range.category() != null) {
                sql.append(" AND a.category = ?");
                parameters.add(range.category());
            }
            if (range.key() != null) {
                sql.append(" AND (a.key_id = ? OR a.key_name = ?)");
                parameters.add(range.key());
                parameters.add(range.key());
            }
            sql.append(" ORDER BY c.position");
            long total = Math.max(0, last - first + 1);
            long[] done = {0};
            cursor.query(sql.toString(), rows -> {
                ChainLink link = new ChainLink(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4),
                        rows.getTimestamp(5).toInstant(), rows.getBytes(6), rows.getBytes(18), rows.getBytes(7),
                        rows.getString(8) == null ? null : ChainProjection.read(rows, 8));
                Map<String, @Nullable Object> audit = new LinkedHashMap<>();
                for (int i = 0; i < AUDIT_FIELDS.size(); i++) {
                    audit.put(AUDIT_FIELDS.get(i), rows.getString(19 + i));
                }
                line.accept(Map.of(ExportLines.RECORD, ExportLines.record(link, audit)));
                if (++done[0] % ChainVerification.PROGRESS_EVERY == 0) {
                    progress.done(done[0], total);
                }
            }, parameters.toArray());
            progress.done(done[0], done[0]);
        });
    }
}
