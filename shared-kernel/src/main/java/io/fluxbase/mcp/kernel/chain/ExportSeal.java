package io.fluxbase.mcp.kernel.chain;

import io.fluxbase.mcp.kernel.audit.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The last line of an export: how many lines come before it, a SHA-256 over all of them (every field of every line,
 * the audit log's columns too), what was exported (the range and filters), signed with the checkpoints' key. The
 * chain proves each record's content and the checkpoints a run of records; the seal proves that the file holds the
 * lines the server sent, none removed, added or changed, including the ones a filtered export leaves gaps between.
 */
public record ExportSeal(long lines, byte[] digest, String exported, Instant time, byte[] signature) {

    /** The bytes the signature covers. */
    public static byte[] signed(long lines, byte[] digest, String exported, Instant time) {
        return ("fluxbase-log-export-v1\n" + lines + "\n" + ChainHashes.hex(digest) + "\n" + exported + "\n" + time)
                .getBytes(StandardCharsets.UTF_8);
    }

    public byte[] signed() {
        return signed(lines, digest, exported, time);
    }

    public Map<String, Object> line() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("lines", lines);
        line.put("digest", ChainHashes.hex(digest));
        line.put("exported", exported);
        line.put("time", time.toString());
        line.put("signature", Base64.getEncoder().encodeToString(signature));
        return line;
    }

    public static ExportSeal of(Map<String, ?> line) {
        try {
            return new ExportSeal(Long.parseLong(String.valueOf(line.get("lines"))),
                    ChainHashes.fromHex(String.valueOf(line.get("digest")), "digest"),
                    String.valueOf(line.get("exported")), Instant.parse(String.valueOf(line.get("time"))),
                    Base64.getDecoder().decode(String.valueOf(line.get("signature"))));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a seal (lines, digest, exported, time, signature)");
        }
    }

    /**
     * The digest of the lines before the seal, fed one line at a time as sent (JSON) or as read back (JSON or CSV):
     * each field by its CSV column, as text, absent and null alike as empty, so both forms digest the same.
     */
    public static final class Digest {

        private final MessageDigest sha256 = Digests.sha256Digest();
        private long lines;

        public void add(String kind, Map<String, ?> fields) {
            StringBuilder line = new StringBuilder(kind);
            for (String column : ExportLines.COLUMNS) {
                if (!column.equals("kind")) {
                    @Nullable Object value = fields.get(column);
                    line.append('\u001f').append(value == null ? "" : value.toString());
                }
            }
            sha256.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            lines++;
        }

        public long lines() {
            return lines;
        }

        /** The digest so far; the digest is spent after this. */
        public byte[] done() {
            return sha256.digest();
        }
    }
}
