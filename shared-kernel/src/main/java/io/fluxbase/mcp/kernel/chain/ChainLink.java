package io.fluxbase.mcp.kernel.chain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One position of the chain with the record it vouches for: the chain's own row ({@code fluxbase.log_chain}, or a
 * line of an exported file) and the record found in the log under its global index ({@code null} when none is).
 *
 * @param previousHash the chain hash before this one as the source states it; {@code null} when the walk takes it
 *                     from the link before (the database walk)
 */
public record ChainLink(long position, long globalIndex, String eventIdentifier, String payloadType, Instant time,
        byte[] recordHash, byte @Nullable [] previousHash, byte[] chainHash, @Nullable StoredRecord record) {

    /** The record's type without its package, as {@code CallRecordedEvent}. */
    public String shortType() {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
