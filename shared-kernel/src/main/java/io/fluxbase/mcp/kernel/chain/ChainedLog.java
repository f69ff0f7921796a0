package io.fluxbase.mcp.kernel.chain;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The command log's chain as the edge sees it: the public key, verification and export. */
public interface ChainedLog {

    /** The checkpoint key's public half, as PEM. */
    String publicKeyPem();

    /**
     * Walks the chain and its checkpoints against the log.
     *
     * @param since     from the first record chained at or after this time; null for the whole chain
     * @param key       the key checkpoints must verify with; null for the server's own
     * @param keySource names that key in messages
     */
    ChainReport verify(@Nullable Instant since, @Nullable PublicKey key, String keySource, Progress progress);

    /** How the last verification on this node ended and when; empty before the first. */
    Optional<LastVerification> lastVerification();

    /**
     * Streams the records chained in {@code [since, until)} (only those the audit log files under {@code category}
     * and {@code key}, when given) as {@link ExportLines}: each line a map from its kind to its fields.
     */
    void export(ExportRange range, Consumer<Map<String, Object>> line, Progress progress);

    /**
     * Removes call records and data changes older than {@code audit.retention} now, leaving a signed checkpoint at
     * the cut; empty when retention is not set or nothing is old enough.
     */
    Optional<LogPrunedEvent> prune();

    /** A verification's result as the metrics show it: passed or not, and when it ended. */
    record LastVerification(boolean ok, Instant at) {
    }

    /** What {@code logs export} asks for; {@code key} is a key's id or name. */
    record ExportRange(Instant since, Instant until, @Nullable String category, @Nullable String key) {
    }

    /** Progress of a long walk: records done so far of about {@code total}. */
    interface Progress {
        void done(long done, long total);
    }
}
