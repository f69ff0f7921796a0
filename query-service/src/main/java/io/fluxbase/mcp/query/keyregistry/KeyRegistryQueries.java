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

    KeyRegistryQueries(DatabaseClient db) {
        this.db = db;
    }

    @Override
    @QueryHandler
    public CompletableFuture<Optional<ClientKeyView>> find(FindClientKeyQuery query) {
        return Conversations.toFuture(db.sql(ClientKeyRows.WITH_LAST_USE + " WHERE r.key_id = $1")
                .bind(0, query.keyId())
                .map((row, meta) -> ClientKeyRows.view(row))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty()));
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
