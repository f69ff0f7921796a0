package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.chain.ChainFinding;
import io.fluxbase.mcp.kernel.chain.ChainHashes;
import io.fluxbase.mcp.kernel.chain.ChainLink;
import io.fluxbase.mcp.kernel.chain.ChainReport;
import io.fluxbase.mcp.kernel.chain.ChainVerifier;
import io.fluxbase.mcp.kernel.chain.ChainedLog;
import io.fluxbase.mcp.kernel.chain.LogPrunedEvent;
import io.fluxbase.mcp.kernel.chain.Checkpoint;
import io.fluxbase.mcp.kernel.chain.CheckpointKeys;
import io.fluxbase.mcp.kernel.chain.ExportLines;
import io.fluxbase.mcp.kernel.chain.ExportSeal;
import io.fluxbase.mcp.kernel.chain.Retention;
import io.fluxbase.mcp.kernel.time.IsoInstants;
import java.security.PublicKey;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies the chain against the log in the database: one read-only transaction streams the chain joined with the
 * records it vouches for through a cursor (no per-row round trips), and {@link ChainVerifier} walks it. Then it looks
 * for records in the log that the chain does not have.
 */
@Component
class ChainVerification implements ChainedLog {

    /** How often, in records, progress is reported. */
    static final int PROGRESS_EVERY = 20_000;
    private static final int FETCH_SIZE = 10_000;

    private static final String WALK = """
            SELECT c.position, c.global_index, c.event_identifier, c.payload_type, c.time, c.record_hash, c.chain_hash,
                e.event_identifier, e.global_index, e.aggregate_identifier, e.sequence_number, e.type, e.payload_type,
                e.payload_revision, e.time_stamp, e.payload, e.meta_data
            FROM fluxbase.log_chain c LEFT JOIN fluxbase.domain_event_entry e ON e.global_index = c.global_index
            WHERE c.position >= ?
            ORDER BY c.position""";

    /** The first record at or below the chain's highest global index that the chain does not have. */
    private static final String UNCHAINED = """
            SELECT e.global_index, e.event_identifier, e.payload_type, e.time_stamp
            FROM fluxbase.domain_event_entry e
            WHERE e.global_index >= ? AND e.global_index <= (SELECT max(global_index) FROM fluxbase.log_chain)
              AND NOT EXISTS (SELECT 1 FROM fluxbase.log_chain c WHERE c.global_index = e.global_index)
            ORDER BY e.global_index LIMIT 1""";

    /** The oldest record past the chain's head: one waiting longer than {@link #FOLLOWS_WITHIN} is a finding. */
    private static final String FIRST_UNCHAINED_PAST_HEAD = """
            SELECT e.global_index, e.event_identifier, e.payload_type, e.time_stamp
            FROM fluxbase.domain_event_entry e
            WHERE e.global_index > (SELECT coalesce(max(global_index), -1) FROM fluxbase.log_chain)
            ORDER BY e.global_index LIMIT 1""";

    /** How soon the chain takes a record (batches every few hundred milliseconds), with room for a busy minute. */
    static final Duration FOLLOWS_WITHIN = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;
    private final ChainSigningKey signingKey;
    private final LastSignedCheckpoint lastSigned;

    private final AtomicReference<@Nullable LastVerification> last = new AtomicReference<>();
    private final ChainExport export;
    private final ChainRetention retention;

    private final boolean chainKept;

    ChainVerification(JdbcTemplate jdbc, PlatformTransactionManager transactions, ChainSigningKey signingKey,
            LastSignedCheckpoint lastSigned, ChainExport export, ChainRetention retention,
            @Value("${fluxbase.audit.chain:on}") String chain) {
        this.chainKept = chain.equals("on");
        this.lastSigned = lastSigned;
        this.export = export;
        this.retention = retention;
        this.jdbc = jdbc;
        this.cursor = new JdbcTemplate(jdbc.getDataSource());
        this.cursor.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.signingKey = signingKey;
    }

    @Override
    public String publicKeyPem() {
        return CheckpointKeys.pem(signingKey.publicKey());
    }

    @Override
    public ChainReport verify(@Nullable Instant since, @Nullable PublicKey key, String keySource, Progress progress) {
        ChainReport report = readOnly.execute(status -> walk(since, key == null ? signingKey.publicKey() : key,
                key == null ? "the server's key" : keySource, progress));
        last.set(new LastVerification(report.ok(), Instant.now()));
        return report;
    }

    @Override
    public Optional<LastVerification> lastVerification() {
        return Optional.ofNullable(last.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void export(ExportRange range, Consumer<Map<String, Object>> line, Progress progress) {
        ExportSeal.Digest digest = new ExportSeal.Digest();
        export.export(range, checkpoints(1), cut(), sent -> {
            sent.forEach((kind, fields) -> digest.add(kind, (Map<String, ?>) fields));
            line.accept(sent);
        }, progress);
        long lines = digest.lines();
        byte[] hash = digest.done();
        String exported = "since " + range.since() + ", until " + range.until()
                + (range.category() == null ? "" : ", category " + range.category())
                + (range.key() == null ? "" : ", key " + range.key());
        Instant now = Instant.now();
        line.accept(Map.of(ExportLines.SEAL, new ExportSeal(lines, hash, exported, now,
                signingKey.sign(ExportSeal.signed(lines, hash, exported, now))).line()));
    }

    @Override
    public Optional<LogPrunedEvent> prune() {
        return retention.prune();
    }

    /**
     * Walking in chain order, each record is best fetched by its global index (a nested loop over two primary keys):
     * hashing or sorting the whole log instead would spill a large log to disk.
     */
    static void preferIndexLookups(JdbcTemplate jdbc) {
        jdbc.execute("SET LOCAL enable_hashjoin = off");
        jdbc.execute("SET LOCAL enable_mergejoin = off");
    }

    private ChainReport walk(@Nullable Instant since, PublicKey key, String keySource, Progress progress) {
        preferIndexLookups(jdbc);
        long start = since == null ? 1 : startAt(since);
        long total = total(start);
        Retention.Cut cut = cut();
        ChainVerifier verifier = new ChainVerifier(key, keySource, checkpoints(start), cut, false,
                eventId -> positionOf(eventId));
        byte[] previous = start <= 1 ? ChainHashes.GENESIS : chainHashAt(start - 1);
        long[] checked = {0};
        long[] lowestIndex = {Long.MAX_VALUE};
        try {
            cursor.query(WALK, rows -> {
                long position = rows.getLong(1);
                ChainLink link = new ChainLink(position, rows.getLong(2), rows.getString(3), rows.getString(4),
                        rows.getTimestamp(5).toInstant(), rows.getBytes(6), checked[0] == 0 ? previous : null,
                        rows.getBytes(7), rows.getString(8) == null ? null : ChainProjection.read(rows, 8));
                lowestIndex[0] = Math.min(lowestIndex[0], link.globalIndex());
                if (!verifier.accept(link)) {
                    throw new WalkStopped();
                }
                if (++checked[0] % PROGRESS_EVERY == 0) {
                    progress.done(checked[0], total);
                }
            }, start);
        } catch (WalkStopped stopped) {
            return verifier.report();
        }
        progress.done(checked[0], total);
        verifier.endOfChain();
        if (verifier.finding() == null) {
            unchained(since == null ? Long.MIN_VALUE : lowestIndex[0]).ifPresent(verifier::found);
        }
        if (verifier.finding() == null && chainKept) {
            notFollowed().ifPresent(verifier::found);
        }
        return verifier.report();
    }

    /**
     * A record in the log that the chain does not have although the chain has gone past its global index. One that
     * a transaction committed just now may not be chained yet, so a finding is looked at again a moment later.
     */
    private Optional<ChainFinding> unchained(long fromIndex) {
        for (int attempt = 0; attempt < 2; attempt++) {
            List<ChainFinding> found = jdbc.query(UNCHAINED, (rows, n) -> new ChainFinding(
                    ChainFinding.Kind.INSERTED, null, rows.getLong(1), rows.getString(2), parsedTime(rows.getString(4)),
                    shortType(rows.getString(3)), "this record is in the log but not in the chain, whose later"
                            + " records it sits between: it was inserted into the log"), fromIndex);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            if (attempt == 0) {
                LockSupport.parkNanos(2_000_000_000L);
            } else {
                return Optional.of(found.getFirst());
            }
        }
        return Optional.empty();
    }

    /**
     * A record the chain has not taken a minute after it was written: the chain stopped following the log (its
     * processor stalled, or held off), so nothing written since is proven, whatever the walk found before.
     */
    private Optional<ChainFinding> notFollowed() {
        Instant due = Instant.now().minus(FOLLOWS_WITHIN);
        return jdbc.query(FIRST_UNCHAINED_PAST_HEAD, (rows, n) -> new ChainFinding(ChainFinding.Kind.UNCHAINED, null,
                rows.getLong(1), rows.getString(2), parsedTime(rows.getString(4)), shortType(rows.getString(3)),
                "this record, and any after it, is not in the chain more than " + FOLLOWS_WITHIN.toSeconds()
                        + " s after it was written: the chain stopped following the log, so nothing since is proven"
                        + " (see the server's log for the log-chain processor)"))
                .stream().filter(found -> found.time() != null && found.time().isBefore(due)).findFirst();
    }

    private long startAt(Instant since) {
        Long position = jdbc.queryForObject("SELECT min(position) FROM fluxbase.log_chain WHERE time >= ?",
                Long.class, Timestamp.from(since));
        return position == null ? Long.MAX_VALUE : position;
    }

    private long total(long start) {
        Long last = jdbc.queryForObject("SELECT max(position) FROM fluxbase.log_chain", Long.class);
        return last == null || last < start ? 0 : last - start + 1;
    }

    private byte[] chainHashAt(long position) {
        List<byte[]> hash = jdbc.query("SELECT chain_hash FROM fluxbase.log_chain WHERE position = ?",
                (rows, n) -> rows.getBytes(1), position);
        return hash.isEmpty() ? ChainHashes.GENESIS : hash.getFirst();
    }

    /** The database's checkpoints from {@code from} on, and last the one kept outside it, which stands over them. */
    List<Checkpoint> checkpoints(long from) {
        List<Checkpoint> checkpoints = new ArrayList<>(jdbc.query("SELECT position, chain_hash, time, signature"
                + " FROM fluxbase.log_checkpoint WHERE position >= ? ORDER BY position", (rows, n) -> new Checkpoint(
                        rows.getLong(1), rows.getBytes(2), rows.getTimestamp(3).toInstant(), rows.getBytes(4)), from));
        lastSigned.read().filter(kept -> kept.position() >= from && checkpoints.stream().noneMatch(stored ->
                stored.position() == kept.position() && Arrays.equals(stored.chainHash(), kept.chainHash())))
                .ifPresent(checkpoints::add);
        return checkpoints;
    }

    Retention.Cut cut() {
        List<Retention.Cut> cuts = jdbc.query("SELECT through_position, cut_before, signature FROM fluxbase.log_pruning"
                + " ORDER BY through_position DESC LIMIT 1", (rows, n) -> new Retention.Cut(rows.getLong(1),
                        rows.getTimestamp(2).toInstant(), rows.getBytes(3)));
        return cuts.isEmpty() ? Retention.Cut.NONE : cuts.getFirst();
    }

    private OptionalLong positionOf(String eventId) {
        List<Long> at = jdbc.query("SELECT position FROM fluxbase.log_chain WHERE event_identifier = ?",
                (rows, n) -> rows.getLong(1), eventId);
        return at.isEmpty() ? OptionalLong.empty() : OptionalLong.of(at.getFirst());
    }

    private static @Nullable Instant parsedTime(String timeStamp) {
        try {
            return IsoInstants.parse(timeStamp);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String shortType(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    /** Ends the cursor's walk at the first finding. */
    private static final class WalkStopped extends RuntimeException {
        WalkStopped() {
            super(null, null, false, false);
        }
    }

}
