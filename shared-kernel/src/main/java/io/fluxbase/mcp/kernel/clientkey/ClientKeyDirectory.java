package io.fluxbase.mcp.kernel.clientkey;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The key registry as the admin API reads it. */
public interface ClientKeyDirectory {

    CompletableFuture<Optional<ClientKeyView>> find(FindClientKeyQuery query);

    CompletableFuture<List<ClientKeyView>> list(ListClientKeysQuery query);
}
