package io.fluxbase.mcp.kernel.chain;

import io.fluxbase.mcp.kernel.chain.ChainFinding.Kind;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Walks the chain in position order and stops at the first thing wrong: a link that does not follow from the one
 * before (inserted), a chained record missing (deleted; unless retention pruned it before its cut), a record whose
 * content hash differs (altered) or that the chain has at another position (reordered), a checkpoint whose
 * signature does not verify or whose chain hash the chain no longer has.
 *
 * <p>The database walk is one contiguous run. An exported file may hold several (a filtered export): each run starts
 * from the previous hash its first line states, and the checkpoints inside a run prove it.
 */
public final class ChainVerifier {

    private final @Nullable PublicKey key;
    private final String keySource;
    private final NavigableMap<Long, Checkpoint> checkpoints;
    private final Retention.Cut cut;
    private final boolean runsAllowed;
    private final Function<String, OptionalLong> positionOfEvent;

    private @Nullable ChainLink last;
    /** Whether a link of the current form (type and time bound) was met: version-1 links may only come before. */
    private boolean boundLinks;
    private long records;
    private long pruned;
    private int checkpointsVerified;
    private @Nullable Instant from;
    private @Nullable Instant to;
    private @Nullable ChainFinding finding;

    /**
     * @param key             the key checkpoints must verify with; null checks their chain hashes only
     * @param keySource       where the key comes from, for messages ("the server's key", "the key in FILE")
     * @param checkpoints     the checkpoints covering the walk
     * @param cut             where retention last pruned ({@link Retention.Cut#NONE} if never)
     * @param runsAllowed     whether positions may skip (a filtered export) rather than meaning deleted chain rows
     * @param positionOfEvent where the chain has an event, to tell a reordered record from an altered one
     */
    public ChainVerifier(@Nullable PublicKey key, String keySource, Iterable<Checkpoint> checkpoints, Retention.Cut cut,
            boolean runsAllowed, Function<String, OptionalLong> positionOfEvent) {
        this.key = key;
        this.keySource = keySource;
        this.checkpoints = new TreeMap<>();
        checkpoints.forEach(checkpoint -> this.checkpoints.put(checkpoint.position(), checkpoint));
        this.cut = cut;
        this.runsAllowed = runsAllowed;
        this.positionOfEvent = positionOfEvent;
    }

    /** Checks one link; false once something was found wrong (the walk can stop). */
    public boolean accept(ChainLink link) {
        if (finding != null) {
            return false;
        }
        finding = check(link);
        if (finding != null) {
            return false;
        }
        if (link.record() == null) {
            pruned++;
        } else {
            records++;
            from = from == null || link.time().isBefore(from) ? link.time() : from;
            to = to == null || link.time().isAfter(to) ? link.time() : to;
        }
        last = link;
        return true;
    }

    /** For a finding made outside the walk (a log record the chain does not have). */
    public void found(ChainFinding elsewhere) {
        if (finding == null) {
            finding = elsewhere;
        }
    }

    /**
     * After the last link of the whole chain: a checkpoint past it means chain rows were cut off the end (the walk
     * alone cannot see that).
     */
    public void endOfChain() {
        long end = last == null ? 0 : last.position();
        Checkpoint beyond = checkpoints.higherEntry(end) == null ? null : checkpoints.higherEntry(end).getValue();
        if (finding == null && beyond != null) {
            finding = new ChainFinding(Kind.DELETED, beyond.position(), -1, "", beyond.time(), "checkpoint",
                    "a checkpoint was signed at " + beyond.time() + " for chain position " + beyond.position()
                            + ", but the chain ends at position " + end + ": the records after it and their chain"
                            + " rows were deleted");
        }
    }

    public @Nullable ChainFinding finding() {
        return finding;
    }

    public ChainReport report() {
        return new ChainReport(finding, records, pruned, checkpointsVerified, from, to,
                last == null ? null : last.position(), cut);
    }

    private @Nullable ChainFinding check(ChainLink link) {
        ChainLink before = last;
        boolean continues = before != null && link.position() == before.position() + 1;
        if (before != null && !continues && !runsAllowed) {
            return ChainFinding.at(Kind.DELETED, link, link.position() <= before.position()
                    ? "the chain repeats or goes back from position " + before.position() + " to " + link.position()
                    : "chain positions " + (before.position() + 1) + " to " + (link.position() - 1)
                            + " are missing before this record: their chain rows were deleted");
        }
        byte[] previous = continues ? before.chainHash() : link.previousHash();
        if (previous == null) {
            previous = link.position() == 1 ? ChainHashes.GENESIS : null;
        }
        if (continues && link.previousHash() != null && !Arrays.equals(link.previousHash(), before.chainHash())) {
            return ChainFinding.at(Kind.INSERTED, link, "this record's previous hash is not the chain hash of"
                    + " position " + before.position() + ": the chain was cut here and something put in between");
        }
        if (previous != null && !links(previous, link)) {
            return ChainFinding.at(Kind.INSERTED, link, "this chain row does not link to the one before it"
                    + " (its chain hash is not the hash of the previous chain hash, its record hash, position, type"
                    + " and time): a chain row was inserted or rewritten here");
        }
        ChainFinding record = checkRecord(link);
        return record != null ? record : checkCheckpoint(link);
    }

    /**
     * Whether {@code link} follows from {@code previous}: in the current form, or in version 1 (the row's type and
     * time unbound) as long as the walk has not met the current form yet; a chain never goes back to version 1.
     */
    private boolean links(byte[] previous, ChainLink link) {
        if (Arrays.equals(ChainHashes.chainHash(previous, link), link.chainHash())) {
            boundLinks = true;
            return true;
        }
        return !boundLinks && Arrays.equals(ChainHashes.chainHashV1(previous, link.recordHash()), link.chainHash());
    }

    private @Nullable ChainFinding checkRecord(ChainLink link) {
        StoredRecord found = link.record();
        if (found == null) {
            return missing(link);
        }
        if (!found.eventIdentifier().equals(link.eventIdentifier())) {
            OptionalLong elsewhere = positionOfEvent.apply(found.eventIdentifier());
            return ChainFinding.at(Kind.REORDERED, link, "global_index " + link.globalIndex() + " holds event "
                    + found.eventIdentifier() + (elsewhere.isPresent() ? ", which the chain has at position "
                    + elsewhere.getAsLong() : ", which the chain does not have") + ", instead of the chained one:"
                    + " records were swapped or moved");
        }
        if (!Arrays.equals(ChainHashes.recordHash(found), link.recordHash())) {
            return ChainFinding.at(Kind.ALTERED, link, "this record's content differs from what was chained (its"
                    + " content hash is " + ChainHashes.hex(ChainHashes.recordHash(found)) + ", the chain has "
                    + ChainHashes.hex(link.recordHash()) + ")");
        }
        return null;
    }

    /** A chained record the log no longer has: pruned by retention, or deleted. */
    private @Nullable ChainFinding missing(ChainLink link) {
        String deleted = "this chained record is missing from the log: it was deleted";
        if (!cut.covers(link.position())) {
            return ChainFinding.at(Kind.DELETED, link, deleted);
        }
        if (!Retention.PRUNABLE_TYPES.contains(link.payloadType())) {
            return ChainFinding.at(Kind.DELETED, link, deleted
                    + " (retention prunes only call records and data changes; this record is not one)");
        }
        if (!cut.isOlder(link)) {
            return ChainFinding.at(Kind.DELETED, link, deleted + " (retention's cut at position " + cut.position()
                    + " removed only records older than " + cut.time() + "; this one is not)");
        }
        if (key != null && !cut.signedWith(key)) {
            return ChainFinding.at(Kind.DELETED, link, deleted + " (the pruning note that would account for it,"
                    + " through position " + cut.position() + ", is not signed with " + keySource + ": it was"
                    + " written into the database, not by retention)");
        }
        return null;
    }

    private @Nullable ChainFinding checkCheckpoint(ChainLink link) {
        Checkpoint checkpoint = checkpoints.get(link.position());
        if (checkpoint == null) {
            return null;
        }
        if (!Arrays.equals(checkpoint.chainHash(), link.chainHash())) {
            return ChainFinding.at(Kind.CHECKPOINT, link, "the checkpoint signed at " + checkpoint.time() + " for"
                    + " this position has another chain hash: the chain up to here was rewritten");
        }
        if (key != null && !CheckpointKeys.verifies(key, checkpoint)) {
            return ChainFinding.at(Kind.CHECKPOINT, link, "the signature of the checkpoint at this position (signed "
                    + checkpoint.time() + ") does not verify with " + keySource + ": the checkpoint was altered,"
                    + " or the key is not this server's ('fluxbase logs pubkey' prints it)");
        }
        checkpointsVerified++;
        return null;
    }
}
