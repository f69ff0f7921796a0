package io.fluxbase.mcp.kernel.clientkey;

import java.util.concurrent.CompletableFuture;

/**
 * Admits a presented key: finds it by hash and, when it is active, counts the request in the key's current
 * one-minute window. The count lives in the database so every node of a cluster shares it.
 */
public interface ClientKeyAdmission {

    CompletableFuture<Admission> admit(String keyHash);
}
