package io.fluxbase.mcp.kernel.clientkey;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Admits a presented key: finds it by hash and, when it is active, counts the request in the key's current
 * one-minute window. Each node counts its own requests and reconciles the count with the other nodes' through the
 * database several times a second, so the limit holds across a cluster within a fraction of a second's traffic.
 */
public interface ClientKeyAdmission {

    CompletableFuture<Admission> admit(String keyHash);

    /**
     * The key with this hash as the registry holds it now (a node keeps what it read for at most a second, and
     * forgets it at once on any change), without counting a request; empty when the registry has none.
     */
    CompletableFuture<Optional<ClientKeyView>> current(String keyHash);
}
