package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.chain.Checkpoint;
import io.fluxbase.mcp.kernel.chain.Retention;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Signed checkpoints of the chain: one every {@code audit.checkpoint_every} records (written with the batch that
 * reaches it) and one for the chain's head every {@code audit.checkpoint_interval} when something new was chained.
 * Nodes sharing the database may both try; the first one's checkpoint stands. None is signed while the chain no
 * longer holds the last one this server signed ({@link LastSignedCheckpoint}).
 */
@Component
@ConditionalOnProperty(name = "fluxbase.audit.chain", havingValue = "on", matchIfMissing = true)
class ChainCheckpoints {

    private static final String INSERT = """
            INSERT INTO fluxbase.log_checkpoint (position, chain_hash, time, signature) VALUES (?, ?, ?, ?)
            ON CONFLICT (position) DO NOTHING""";

    private static final Logger log = LoggerFactory.getLogger(ChainCheckpoints.class);

    private final JdbcTemplate jdbc;
    private final ChainSigningKey key;
    private final LastSignedCheckpoint last;
    /** What kept the last checkpoint from being signed, so that the log says it once, not every few seconds. */
    private volatile @Nullable String refused;
    private final long every;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();

    ChainCheckpoints(JdbcTemplate jdbc, ChainSigningKey key, LastSignedCheckpoint last,
            @Value("${fluxbase.audit.checkpoint-every:10000}") long every,
            @Value("${fluxbase.audit.checkpoint-interval:PT1M}") Duration interval) {
        this.jdbc = jdbc;
        this.key = key;
        this.last = last;
        this.every = every;
        this.interval = interval;
    }

    /** After a batch was chained up to {@code head}, in its transaction: a checkpoint if {@code every} is reached. */
    void chained(long head, byte[] chainHash) {
        if (head - lastPosition() >= every) {
            signUnlessRefused(head, chainHash);
        }
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
    void signHeadWhenDue() {
        ChainHead head = ChainHead.of(jdbc);
        List<Instant> lastTime = jdbc.query("SELECT time FROM fluxbase.log_checkpoint ORDER BY position DESC LIMIT 1",
                (rows, n) -> rows.getTimestamp(1).toInstant());
        if (head.position() > lastPosition() && (lastTime.isEmpty()
                || !lastTime.getFirst().plus(interval).isAfter(clock.instant()))) {
            signUnlessRefused(head.position(), head.chainHash());
        }
    }

    private void signUnlessRefused(long position, byte[] chainHash) {
        try {
            sign(position, chainHash);
            refused = null;
        } catch (ChainNotHeld e) {
            if (!e.getMessage().equals(refused)) {
                log.error("The command log was tampered with: {}", e.getMessage());
                refused = e.getMessage();
            }
        }
    }

    /** Signs the chain hash at {@code position} (retention marks its cut with one). */
    Checkpoint sign(long position, byte[] chainHash) {
        String notHeld = last.notHeldBy(jdbc);
        if (notHeld != null) {
            throw new ChainNotHeld(notHeld);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps
        Checkpoint checkpoint = new Checkpoint(position, chainHash, now,
                key.sign(Checkpoint.signed(position, chainHash, now)));
        jdbc.update(INSERT, position, chainHash, Timestamp.from(now), checkpoint.signature());
        // kept once the chain rows it signs are committed: a batch rolled back would leave one the chain never had
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    last.remember(checkpoint);
                }
            });
        } else {
            last.remember(checkpoint);
        }
        return checkpoint;
    }

    /** Signs retention's cut, so that verify knows the note came from retention and not from the database alone. */
    byte[] signCut(long position, Instant cutBefore) {
        return key.sign(Retention.Cut.signed(position, cutBefore));
    }

    /** The chain no longer holds the last checkpoint this server signed. */
    static final class ChainNotHeld extends IllegalStateException {

        ChainNotHeld(String message) {
            super(message);
        }
    }

    private long lastPosition() {
        Long last = jdbc.queryForObject("SELECT max(position) FROM fluxbase.log_checkpoint", Long.class);
        return last == null ? 0 : last;
    }
}
