package io.fluxbase.mcp.kernel.admin;

import java.util.concurrent.CompletableFuture;

/** Whether the database answers; health reports it without a key. */
public interface DatabaseHealth {

    CompletableFuture<Boolean> ping();
}
