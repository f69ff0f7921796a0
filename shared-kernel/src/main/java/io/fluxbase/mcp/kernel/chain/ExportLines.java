package io.fluxbase.mcp.kernel.chain;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lines of an exported log ({@code logs export}), one JSON object each: the checkpoints covering the range
 * ({@code {"checkpoint":{...}}}), the last retention cut ({@code {"pruning":{...}}}), then each record with its chain
 * fields and its stored bytes ({@code {"record":{...}}}), so that {@link ChainVerifier} can verify the file alone, and
 * last the server's signed {@link ExportSeal} over all of them ({@code {"seal":{...}}}). The CSV form has the same
 * fields as columns, a {@code kind} column telling the lines apart.
 */
public final class ExportLines {

    public static final String CHECKPOINT = "checkpoint";
    public static final String PRUNING = "pruning";
    public static final String RECORD = "record";
    public static final String SEAL = "seal";

    /** Every field of every kind of line, in the CSV's column order. */
    public static final List<String> COLUMNS = List.of("kind", "position", "global_index", "event_id", "type",
            "time", "category", "key_id", "key_name", "method", "target", "outcome", "record_hash", "previous_hash",
            "chain_hash", "signature", "cut_before", "aggregate_id", "sequence_number", "aggregate_type",
            "payload_revision", "time_stamp", "payload", "meta_data", "lines", "digest", "exported");

    private ExportLines() {
    }

    public static Map<String, Object> checkpoint(Checkpoint checkpoint) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("position", checkpoint.position());
        line.put("chain_hash", ChainHashes.hex(checkpoint.chainHash()));
        line.put("time", checkpoint.time().toString());
        line.put("signature", Base64.getEncoder().encodeToString(checkpoint.signature()));
        return line;
    }

    public static Map<String, Object> pruning(Retention.Cut cut) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("position", cut.position());
        line.put("cut_before", String.valueOf(cut.time()));
        if (cut.signature() != null) {
            line.put("signature", Base64.getEncoder().encodeToString(cut.signature()));
        }
        return line;
    }

    /** {@code audit}: what the audit log says of it (category, key, method, target, outcome), to read and filter. */
    public static Map<String, @Nullable Object> record(ChainLink link, Map<String, @Nullable Object> audit) {
        Map<String, @Nullable Object> line = new LinkedHashMap<>();
        line.put("position", link.position());
        line.put("global_index", link.globalIndex());
        line.put("event_id", link.eventIdentifier());
        line.put("type", link.payloadType());
        line.put("time", link.time().toString());
        line.putAll(audit);
        line.put("record_hash", ChainHashes.hex(link.recordHash()));
        line.put("previous_hash", link.previousHash() == null ? null : ChainHashes.hex(link.previousHash()));
        line.put("chain_hash", ChainHashes.hex(link.chainHash()));
        StoredRecord stored = link.record();
        if (stored != null) {
            line.put("aggregate_id", stored.aggregateIdentifier());
            line.put("sequence_number", stored.sequenceNumber());
            line.put("aggregate_type", stored.type());
            line.put("payload_revision", stored.payloadRevision());
            line.put("time_stamp", stored.timeStamp());
            line.put("payload", Base64.getEncoder().encodeToString(stored.payload()));
            line.put("meta_data", stored.metaData() == null ? null
                    : Base64.getEncoder().encodeToString(stored.metaData()));
        }
        return line;
    }

    public static Checkpoint checkpoint(Map<String, ?> line) {
        return new Checkpoint(number(line, "position"), hash(line, "chain_hash"), Instant.parse(text(line, "time")),
                base64(line, "signature"));
    }

    public static Retention.Cut pruning(Map<String, ?> line) {
        return new Retention.Cut(number(line, "position"), Instant.parse(text(line, "cut_before")),
                optional(line, "signature") == null ? null : base64(line, "signature"));
    }

    public static ChainLink record(Map<String, ?> line) {
        long globalIndex = number(line, "global_index");
        String eventId = text(line, "event_id");
        String type = text(line, "type");
        StoredRecord stored = optional(line, "payload") == null ? null : new StoredRecord(eventId, globalIndex,
                text(line, "aggregate_id"), number(line, "sequence_number"), optional(line, "aggregate_type"), type,
                optional(line, "payload_revision"), text(line, "time_stamp"), base64(line, "payload"),
                optional(line, "meta_data") == null ? null : base64(line, "meta_data"));
        return new ChainLink(number(line, "position"), globalIndex, eventId, type, Instant.parse(text(line, "time")),
                hash(line, "record_hash"), optional(line, "previous_hash") == null ? null : hash(line, "previous_hash"),
                hash(line, "chain_hash"), stored);
    }

    private static String text(Map<String, ?> line, String field) {
        Object value = line.get(field);
        if (value == null || value.toString().isEmpty()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.toString();
    }

    private static @Nullable String optional(Map<String, ?> line, String field) {
        Object value = line.get(field);
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    private static long number(Map<String, ?> line, String field) {
        try {
            return Long.parseLong(text(line, field));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is not a whole number");
        }
    }

    private static byte[] hash(Map<String, ?> line, String field) {
        return ChainHashes.fromHex(text(line, field), field);
    }

    private static byte[] base64(Map<String, ?> line, String field) {
        try {
            return Base64.getDecoder().decode(text(line, field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64");
        }
    }
}
