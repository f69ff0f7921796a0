package io.fluxbase.mcp.query.keyregistry;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyDirectory;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.FindClientKeyQuery;
import io.fluxbase.mcp.kernel.clientkey.ListClientKeysQuery;
import io.fluxbase.mcp.query.db.Conversations;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class KeyRegistryQueries implements ClientKeyDirectory {

    private final DatabaseClient db;
    private final KnownKeys knownKeys;

    KeyRegistryQueries(DatabaseClient db, KnownKeys knownKeys) {
        this.db = db;
        this.knownKeys = knownKeys;
    }

    /**
     * The admin API waits on this to report a key change, so afterwards this node admits from the registry as read
     * here or later, never from what it kept before (other nodes learn of the change by notice, within moments).
     */
    @Override
    @QueryHandler
    public CompletableFuture<Optional<ClientKeyView>> find(FindClientKeyQuery query) {
        return Conversations.toFuture(db.sql(ClientKeyRows.WITH_LAST_USE + " WHERE r.key_id = $1")
                .bind(0, query.keyId())
                .map((row, meta) -> ClientKeyRows.view(row))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnSuccess(found -> knownKeys.forgetAll()));
    }

    @Override
    @QueryHandler
    public CompletableFuture<List<ClientKeyView>> list(ListClientKeysQuery query) {
        return Conversations.toFuture(db.sql(ClientKeyRows.WITH_LAST_USE + " ORDER BY r.created_at, r.key_id")
                .map((row, meta) -> ClientKeyRows.view(row))
                .all()
                .collectList());
    }
}
