package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.chain.ChainHashes;
import io.fluxbase.mcp.kernel.chain.StoredRecord;
import io.fluxbase.mcp.kernel.time.IsoInstants;
import io.fluxbase.mcp.query.readmodel.ProjectionCommit;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Chains every record of the command log in the order this one tracking processor (one segment) receives them,
 * which is the order the log made them visible: a transaction that commits after later-numbered ones is chained
 * when it commits. Each batch reads its records' stored bytes back by event id, hashes them and appends the chain
 * rows in one statement batch, in the transaction that stores the processor's token: off the call path, one round
 * trip per batch. {@code audit.chain: off} leaves this processor out (for measuring what it costs).
 */
@Component
@ProcessingGroup(ChainProjection.GROUP)
@ConditionalOnProperty(name = "fluxbase.audit.chain", havingValue = "on", matchIfMissing = true)
public class ChainProjection {

    public static final String GROUP = "log-chain";

    static final String STORED = """
            SELECT event_identifier, global_index, aggregate_identifier, sequence_number, type, payload_type,
                payload_revision, time_stamp, payload, meta_data
            FROM fluxbase.domain_event_entry""";

    private static final String INSERT = """
            INSERT INTO fluxbase.log_chain (position, global_index, event_identifier, payload_type, time, record_hash,
                chain_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    private static final Logger log = LoggerFactory.getLogger(ChainProjection.class);

    private final JdbcTemplate jdbc;
    private final ChainCheckpoints checkpoints;

    ChainProjection(JdbcTemplate jdbc, ChainCheckpoints checkpoints) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
    }

    /** Every record, by its id only: the payload is hashed as stored, so it is never deserialized here. */
    @EventHandler(payloadType = Object.class)
    void on(EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        UnitOfWork<?> batch = unitOfWork.root();
        batch.getOrComputeResource(ChainProjection.class.getName(), key -> {
            List<String> eventIds = new ArrayList<>();
            batch.onPrepareCommit(committing -> append(eventIds));
            return eventIds;
        }).add(message.getIdentifier());
    }

    private void append(List<String> eventIds) {
        ProjectionCommit.withoutFlushWait(jdbc);
        Map<String, StoredRecord> stored = stored(eventIds);
        ChainHead head = ChainHead.of(jdbc);
        long position = head.position();
        byte[] chainHash = head.chainHash();
        List<Object[]> rows = new ArrayList<>(eventIds.size());
        for (String eventId : eventIds) {
            StoredRecord record = stored.get(eventId);
            if (record == null) {
                // retention prunes only chained records: this one was deleted by hand before the chain reached it
                log.warn("Event {} was delivered but is no longer in the command log; it is left out of the chain",
                        eventId);
                continue;
            }
            byte[] recordHash = ChainHashes.recordHash(record);
            Instant time = time(record).truncatedTo(ChronoUnit.MICROS); // as timestamptz keeps it, hashed
            position++;
            chainHash = ChainHashes.chainHash(chainHash, recordHash, position, record.globalIndex(), eventId,
                    record.payloadType(), time);
            rows.add(new Object[] {position, record.globalIndex(), eventId, record.payloadType(),
                    Timestamp.from(time), recordHash, chainHash});
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows);
            checkpoints.chained(position, chainHash);
        }
    }

    private Map<String, StoredRecord> stored(List<String> eventIds) {
        return jdbc.execute((Connection connection) -> {
            Map<String, StoredRecord> byId = new HashMap<>();
            Array ids = connection.createArrayOf("varchar", eventIds.toArray());
            try (PreparedStatement select = connection.prepareStatement(STORED + " WHERE event_identifier = ANY(?)")) {
                // Planned anew for each batch: a prepared plan made while a new project's log was small scans the
                // whole log, and PostgreSQL keeps it until the next ANALYZE while the log grows by thousands a minute.
                select.unwrap(PGStatement.class).setPrepareThreshold(0);
                select.setArray(1, ids);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        StoredRecord record = read(rows, 1);
                        byId.put(record.eventIdentifier(), record);
                    }
                }
            }
            return byId;
        });
    }

    /** The {@link #STORED} columns from {@code first} on. */
    static StoredRecord read(ResultSet rows, int first) throws SQLException {
        return new StoredRecord(rows.getString(first), rows.getLong(first + 1), rows.getString(first + 2),
                rows.getLong(first + 3), rows.getString(first + 4), rows.getString(first + 5),
                rows.getString(first + 6), rows.getString(first + 7), rows.getBytes(first + 8),
                rows.getBytes(first + 9));
    }

    /** Axon's time stamp is ISO-8601 text; one that is not (written by hand) still gets chained, at the epoch. */
    static Instant time(StoredRecord record) {
        try {
            return IsoInstants.parse(record.timeStamp());
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
