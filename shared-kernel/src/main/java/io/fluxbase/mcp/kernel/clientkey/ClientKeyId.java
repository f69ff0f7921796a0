package io.fluxbase.mcp.kernel.clientkey;

import java.security.SecureRandom;

/** Public identifier of a client key ({@code ck_…}); safe to log and show, unlike the key itself. */
public final class ClientKeyId {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientKeyId() {
    }

    public static String next() {
        StringBuilder id = new StringBuilder("ck_");
        for (int i = 0; i < 16; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
