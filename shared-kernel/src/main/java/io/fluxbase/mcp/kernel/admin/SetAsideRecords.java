package io.fluxbase.mcp.kernel.admin;

import java.util.concurrent.CompletableFuture;

/**
 * How many events the projections could not store and set aside (dead letters). Health reports the number: each
 * one is a record that the read models show only as a placeholder, or not at all.
 */
public interface SetAsideRecords {

    CompletableFuture<Long> count();
}
