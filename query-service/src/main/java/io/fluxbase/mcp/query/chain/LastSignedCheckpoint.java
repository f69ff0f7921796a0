package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.chain.ChainHashes;
import io.fluxbase.mcp.kernel.chain.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The last checkpoint this server signed, kept beside the signing key ({@code log-checkpoint.last}), out of the
 * database's reach. Whoever may change the database could delete the checkpoints after some position, rewrite or
 * cut the chain from there and wait for the server to sign the result; with this one kept, the server refuses to
 * sign a chain that no longer holds it, and verify checks the chain against it as against any checkpoint.
 */
@Component
class LastSignedCheckpoint {

    static final String FILE_NAME = "log-checkpoint.last";

    private final @Nullable Path file;
    private volatile @Nullable Optional<Checkpoint> kept;

    LastSignedCheckpoint(ChainSigningKey key) {
        this.file = key.beside(FILE_NAME);
    }

    /** The checkpoint kept, if this server (or one on the same key's directory) has signed one. */
    Optional<Checkpoint> read() {
        Optional<Checkpoint> known = kept;
        if (known == null) {
            known = file == null || !Files.exists(file) ? Optional.empty() : Optional.of(parse(file));
            kept = known;
        }
        return known;
    }

    /** Keeps {@code checkpoint} if it is past the one kept; written whole or not at all. */
    synchronized void remember(Checkpoint checkpoint) {
        if (file == null || read().map(c -> c.position() >= checkpoint.position()).orElse(false)) {
            return;
        }
        Path written = file.resolveSibling(FILE_NAME + ".new");
        try {
            Files.deleteIfExists(written);
            Files.createFile(written, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(written, checkpoint.position() + "\n" + ChainHashes.hex(checkpoint.chainHash()) + "\n"
                    + checkpoint.time() + "\n" + Base64.getEncoder().encodeToString(checkpoint.signature()) + "\n");
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the last signed checkpoint in " + file + ": "
                    + e.getMessage(), e);
        }
        kept = Optional.of(checkpoint);
    }

    /** What is wrong when the chain no longer holds the checkpoint kept; null when it does, or none is kept. */
    @Nullable String notHeldBy(JdbcTemplate jdbc) {
        Optional<Checkpoint> last = read();
        if (last.isEmpty()) {
            return null;
        }
        Checkpoint checkpoint = last.get();
        List<byte[]> hash = jdbc.query("SELECT chain_hash FROM fluxbase.log_chain WHERE position = ?",
                (rows, n) -> rows.getBytes(1), checkpoint.position());
        if (!hash.isEmpty() && Arrays.equals(hash.getFirst(), checkpoint.chainHash())) {
            return null;
        }
        return "the checkpoint this server signed at " + checkpoint.time() + " for chain position "
                + checkpoint.position() + " (kept in " + file + ") is not the chain's any more: "
                + (hash.isEmpty() ? "the chain no longer reaches that position" : "the chain has another hash there")
                + ", so the log was rewritten or cut after it. No checkpoint is signed over that; 'fluxbase logs"
                + " verify' names what changed, and signing goes on once the log is restored (if the database itself"
                + " was restored from a backup older than that checkpoint, move that file away)";
    }

    private static Checkpoint parse(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty())
                    .toList();
            return new Checkpoint(Long.parseLong(lines.get(0)), HexFormat.of().parseHex(lines.get(1)),
                    Instant.parse(lines.get(2)), Base64.getDecoder().decode(lines.get(3)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the last signed checkpoint in " + file + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is not a checkpoint this server kept (position, chain hash, time"
                    + " and signature, one per line); restore it from a backup of the data directory, or move it"
                    + " away to start keeping one anew", e);
        }
    }
}
