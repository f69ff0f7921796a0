package io.fluxbase.mcp.kernel.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one digest the log uses (key hashes, argument digests, row value digests, content and source addresses):
 * SHA-256 in hex.
 */
public final class Digests {

    /**
     * Copied for each digest: {@code MessageDigest.getInstance} looks the algorithm up among the providers every
     * time (in a profile of reads it took more samples than the hashing); a copy of a fresh instance is the same
     * fresh instance.
     */
    private static final MessageDigest SHA_256 = newSha256();

    private Digests() {
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Of bytes as they are (file content, addressed by it). */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    /** A SHA-256 digest of nothing yet, for a hash over several parts (the chain's). */
    public static MessageDigest sha256Digest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256(); // a provider whose digest cannot be copied
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
