package io.fluxbase.mcp.kernel.clientkey;

import io.fluxbase.mcp.kernel.audit.Digests;
import java.security.SecureRandom;

/**
 * A client key's plaintext, shown once. Keys carry 240 bits of randomness, so a plain SHA-256 is a safe lookup hash
 * (no slow KDF is needed for secrets nobody chose); only the hash and a short prefix are ever stored.
 */
public record ClientKeySecret(String plaintext) {

    public static final String KEY_MARKER = "fbk_";
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ClientKeySecret generate() {
        StringBuilder key = new StringBuilder(KEY_MARKER);
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return new ClientKeySecret(key.toString());
    }

    public String hash() {
        return hashOf(plaintext);
    }

    /** The first characters, enough for a person to tell keys apart in a list. */
    public String prefix() {
        return plaintext.substring(0, Math.min(plaintext.length(), KEY_MARKER.length() + 8));
    }

    public static String hashOf(String presented) {
        return Digests.sha256(presented);
    }

    @Override
    public String toString() {
        return "ClientKeySecret[" + prefix() + "…]";
    }
}
