package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.chain.Checkpoint;
import io.fluxbase.mcp.kernel.chain.Retention;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signed checkpoints of the chain: one every {@code audit.checkpoint_every} records (written with the batch that
 * reaches it) and one for the chain's head every {@code audit.checkpoint_interval} when something new was chained.
 * Nodes sharing the database may both try; the first one's checkpoint stands.
 */
@Component
@ConditionalOnProperty(name = "fluxbase.audit.chain", havingValue = "on", matchIfMissing = true)
class ChainCheckpoints {

    private static final String INSERT = """
            INSERT INTO fluxbase.log_checkpoint (position, chain_hash, time, signature) VALUES (?, ?, ?, ?)
            ON CONFLICT (position) DO NOTHING""";

    private final JdbcTemplate jdbc;
    private final ChainSigningKey key;
    private final long every;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();

    ChainCheckpoints(JdbcTemplate jdbc, ChainSigningKey key,
            @Value("${fluxbase.audit.checkpoint-every:10000}") long every,
            @Value("${fluxbase.audit.checkpoint-interval:PT1M}") Duration interval) {
        this.jdbc = jdbc;
        this.key = key;
        this.every = every;
        this.interval = interval;
    }

    /** After a batch was chained up to {@code head}, in its transaction: a checkpoint if {@code every} is reached. */
    void chained(long head, byte[] chainHash) {
        if (head - lastPosition() >= every) {
            sign(head, chainHash);
        }
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
    void signHeadWhenDue() {
        ChainHead head = ChainHead.of(jdbc);
        List<Instant> lastTime = jdbc.query("SELECT time FROM fluxbase.log_checkpoint ORDER BY position DESC LIMIT 1",
                (rows, n) -> rows.getTimestamp(1).toInstant());
        if (head.position() > lastPosition() && (lastTime.isEmpty()
                || !lastTime.getFirst().plus(interval).isAfter(clock.instant()))) {
            sign(head.position(), head.chainHash());
        }
    }

    /** Signs the chain hash at {@code position} (retention marks its cut with one). */
    Checkpoint sign(long position, byte[] chainHash) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps
        Checkpoint checkpoint = new Checkpoint(position, chainHash, now,
                key.sign(Checkpoint.signed(position, chainHash, now)));
        jdbc.update(INSERT, position, chainHash, Timestamp.from(now), checkpoint.signature());
        return checkpoint;
    }

    /** Signs retention's cut, so that verify knows the note came from retention and not from the database alone. */
    byte[] signCut(long position, Instant cutBefore) {
        return key.sign(Retention.Cut.signed(position, cutBefore));
    }

    private long lastPosition() {
        Long last = jdbc.queryForObject("SELECT max(position) FROM fluxbase.log_checkpoint", Long.class);
        return last == null ? 0 : last;
    }
}
