package io.fluxbase.mcp.kernel.chain;

import java.time.Instant;

/**
 * Retention removed call records and data changes older than {@code cutBefore}, up to chain position
 * {@code throughPosition}, where a signed checkpoint stands.
 */
public record LogPrunedEvent(long throughPosition, Instant cutBefore, long recordsRemoved, Instant at) {
}
