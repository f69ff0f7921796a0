package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import io.fluxbase.mcp.kernel.chain.LogPrunedEvent;
import io.fluxbase.mcp.kernel.chain.Retention;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code audit.retention}: removes chained call records and data changes older than the retention (and their
 * audit-log and row-history rows), signs a checkpoint at the cut first, notes the cut in {@code log_pruning} and
 * records the pruning itself as an event with its admin record (category admin, method {@code logs.prune}), all in
 * one transaction. Chain rows stay, so every link through the cut still verifies; only the content of what was removed
 * cannot be shown any more, and verify says so.
 */
@Component
class ChainRetention {

    static final String PRUNE = "logs.prune";
    /** Retention is the server's own doing: no key, no address. */
    private static final String SERVER = "fluxbase-retention";
    private static final Logger log = LoggerFactory.getLogger(ChainRetention.class);

    private static final String REMOVE = """
            WITH gone AS (
                DELETE FROM fluxbase.domain_event_entry e USING fluxbase.log_chain c
                WHERE c.global_index = e.global_index AND c.position <= ? AND c.time < ?
                  AND c.payload_type = ANY(?)
                RETURNING e.global_index),
            rows AS (DELETE FROM fluxbase.audit_log a USING gone WHERE a.global_index = gone.global_index),
            history AS (DELETE FROM fluxbase.row_history h USING gone WHERE h.global_index = gone.global_index)
            SELECT count(*) FROM gone""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ChainCheckpoints checkpoints;
    private final EventStore events;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();

    ChainRetention(JdbcTemplate jdbc, TransactionTemplate transaction, Optional<ChainCheckpoints> checkpoints,
            EventStore events, @Value("${fluxbase.audit.retention:}") String retention) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.checkpoints = checkpoints.orElse(null);
        this.events = events;
        this.retention = retention.isBlank() ? Duration.ZERO : Duration.parse(retention);
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 300_000)
    void pruneHourly() {
        prune().ifPresent(pruned -> log.info("Retention removed {} call records and data changes older than {}",
                pruned.recordsRemoved(), pruned.cutBefore()));
    }

    Optional<LogPrunedEvent> prune() {
        if (retention.isZero() || checkpoints == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant cutBefore = now.minus(retention).truncatedTo(ChronoUnit.MICROS); // as timestamptz keeps it, signed
        return Optional.ofNullable(transaction.execute(status -> {
            // one pruning at a time across nodes
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('fluxbase.log_pruning'))");
            List<Object[]> cut = jdbc.query("SELECT position, chain_hash FROM fluxbase.log_chain WHERE time < ?"
                    + " ORDER BY position DESC LIMIT 1", (rows, n) -> new Object[] {rows.getLong(1), rows.getBytes(2)},
                    Timestamp.from(cutBefore));
            if (cut.isEmpty()) {
                return null;
            }
            long position = (Long) cut.getFirst()[0];
            Long removed = jdbc.execute((Connection connection) -> {
                try (var remove = connection.prepareStatement(REMOVE)) {
                    remove.setLong(1, position);
                    remove.setTimestamp(2, Timestamp.from(cutBefore));
                    remove.setArray(3, connection.createArrayOf("varchar", Retention.PRUNABLE_TYPES.toArray()));
                    try (var rows = remove.executeQuery()) {
                        rows.next();
                        return rows.getLong(1);
                    }
                }
            });
            if (removed == null || removed == 0) {
                return null;
            }
            checkpoints.sign(position, (byte[]) cut.getFirst()[1]);
            // a later pruning at the same position removed records up to its own, later, cut
            jdbc.update("INSERT INTO fluxbase.log_pruning (through_position, cut_before, pruned_at, records_removed,"
                    + " signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT (through_position) DO UPDATE SET"
                    + " records_removed = log_pruning.records_removed + excluded.records_removed,"
                    + " pruned_at = excluded.pruned_at, cut_before = excluded.cut_before,"
                    + " signature = excluded.signature",
                    position, Timestamp.from(cutBefore), Timestamp.from(now), removed,
                    checkpoints.signCut(position, cutBefore));
            LogPrunedEvent pruned = new LogPrunedEvent(position, cutBefore, removed, now);
            events.publish(GenericEventMessage.asEventMessage(pruned), GenericEventMessage.asEventMessage(
                    new CallRecordedEvent(adminRecord(pruned))));
            return pruned;
        }));
    }

    /** The pruning as an admin action, so {@code logs list --category admin} and the report show it. */
    static CallRecord adminRecord(LogPrunedEvent pruned) {
        return new CallRecord(pruned.at(), TimeOrderedIds.next(), AuditCategory.ADMIN, null, null, null, null,
                null, null, PRUNE, "through chain position " + pruned.throughPosition() + ", before "
                        + pruned.cutBefore(), null, null, CallOutcome.OK, null, "audit.retention removed "
                        + pruned.recordsRemoved() + " call records and data changes older than " + pruned.cutBefore()
                        + "; a signed checkpoint stands at position " + pruned.throughPosition(),
                pruned.recordsRemoved(), 0, 0, SERVER, null, null, null, null);
    }
}
