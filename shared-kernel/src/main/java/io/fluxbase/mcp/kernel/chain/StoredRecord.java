package io.fluxbase.mcp.kernel.chain;

import org.jspecify.annotations.Nullable;

/**
 * One record of the command log ({@code fluxbase.domain_event_entry}) exactly as stored: what its hash covers.
 * Payload and meta data are the stored bytes, never re-serialised, so a change of serializer cannot alter a hash.
 */
public record StoredRecord(String eventIdentifier, long globalIndex, String aggregateIdentifier, long sequenceNumber,
        @Nullable String type, String payloadType, @Nullable String payloadRevision, String timeStamp,
        byte[] payload, byte @Nullable [] metaData) {
}
