package io.fluxbase.mcp.kernel.chain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement that the chain's hash at {@code position} was {@code chainHash} at {@code time}: whoever holds
 * the public key can check everything up to it without trusting the database.
 */
public record Checkpoint(long position, byte[] chainHash, Instant time, byte[] signature) {

    /** The bytes the signature covers. */
    public static byte[] signed(long position, byte[] chainHash, Instant time) {
        return ("fluxbase-log-checkpoint-v1\n" + position + "\n" + ChainHashes.hex(chainHash) + "\n" + time)
                .getBytes(StandardCharsets.UTF_8);
    }

    public byte[] signed() {
        return signed(position, chainHash, time);
    }
}
