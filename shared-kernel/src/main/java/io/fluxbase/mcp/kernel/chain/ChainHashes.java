package io.fluxbase.mcp.kernel.chain;

import io.fluxbase.mcp.kernel.audit.Digests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The chain's hashes: a record's hash is SHA-256 over its canonical encoding, and its chain hash SHA-256 over the
 * previous chain hash, its record hash and the chain row's own fields (position, global index, event id, type, time).
 * The encoding is a version tag, then every field in a fixed order, each a 4-byte length (-1 for absent) followed by
 * its bytes (text as UTF-8, numbers and times in microseconds as 8 bytes big-endian), so no two different records
 * encode alike.
 *
 * <p>Chains written by earlier versions of the server link with version 1, over the previous chain hash and the record
 * hash only; their rows' type and time were not bound, and verification accepts such links ahead of the first
 * version-2 link.
 */
public final class ChainHashes {

    /** The "previous hash" of the first record. */
    public static final byte[] GENESIS = new byte[32];

    private static final byte[] RECORD_TAG = "fluxbase-log-record-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LINK_TAG_V1 = "fluxbase-log-chain-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LINK_TAG = "fluxbase-log-chain-v2".getBytes(StandardCharsets.UTF_8);

    private ChainHashes() {
    }

    public static byte[] recordHash(StoredRecord record) {
        MessageDigest digest = Digests.sha256Digest();
        field(digest, RECORD_TAG);
        field(digest, text(record.eventIdentifier()));
        field(digest, number(record.globalIndex()));
        field(digest, text(record.aggregateIdentifier()));
        field(digest, number(record.sequenceNumber()));
        field(digest, text(record.type()));
        field(digest, text(record.payloadType()));
        field(digest, text(record.payloadRevision()));
        field(digest, text(record.timeStamp()));
        field(digest, record.payload());
        field(digest, record.metaData());
        return digest.digest();
    }

    /**
     * The chain hash of a row: binding its type and time keeps anyone who can write the database from relabelling a
     * record (as an old call record, say, that retention would have pruned) and then deleting it.
     *
     * @param time as the chain row keeps it: {@code timestamptz}, to the microsecond
     */
    public static byte[] chainHash(byte[] previous, byte[] recordHash, long position, long globalIndex,
            String eventIdentifier, String payloadType, Instant time) {
        MessageDigest digest = Digests.sha256Digest();
        field(digest, LINK_TAG);
        field(digest, previous);
        field(digest, recordHash);
        field(digest, number(position));
        field(digest, number(globalIndex));
        field(digest, text(eventIdentifier));
        field(digest, text(payloadType));
        field(digest, number(Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L),
                time.getNano() / 1_000)));
        return digest.digest();
    }

    /** The chain hash {@code link} should have after {@code previous}. */
    public static byte[] chainHash(byte[] previous, ChainLink link) {
        return chainHash(previous, link.recordHash(), link.position(), link.globalIndex(), link.eventIdentifier(),
                link.payloadType(), link.time());
    }

    /** Version 1, of chains written by earlier versions of the server: the previous chain hash and record hash only. */
    public static byte[] chainHashV1(byte[] previous, byte[] recordHash) {
        MessageDigest digest = Digests.sha256Digest();
        field(digest, LINK_TAG_V1);
        field(digest, previous);
        field(digest, recordHash);
        return digest.digest();
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /** Hex back to bytes; {@code field} names it in the error. */
    public static byte[] fromHex(String hex, String field) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": not a hex hash");
        }
    }

    private static void field(MessageDigest digest, byte @Nullable [] bytes) {
        digest.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            digest.update(bytes);
        }
    }

    private static byte @Nullable [] text(@Nullable String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] number(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
