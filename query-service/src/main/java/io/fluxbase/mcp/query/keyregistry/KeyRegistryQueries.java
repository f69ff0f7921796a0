package io.fluxbase.mcp.query.keyregistry;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.FindClientKeyQuery;
import io.fluxbase.mcp.kernel.clientkey.ListClientKeysQuery;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class KeyRegistryQueries {

    private final DatabaseClient db;

    KeyRegistryQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    CompletableFuture<Optional<ClientKeyView>> find(FindClientKeyQuery query) {
        return db.sql("SELECT " + ClientKeyRows.COLUMNS + " FROM fluxbase.key_registry WHERE key_id = $1")
                .bind(0, query.keyId())
                .map(ClientKeyRows::view)
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .toFuture();
    }

    @QueryHandler
    CompletableFuture<List<ClientKeyView>> list(ListClientKeysQuery query) {
        return db.sql("SELECT " + ClientKeyRows.COLUMNS + " FROM fluxbase.key_registry ORDER BY created_at, key_id")
                .map(ClientKeyRows::view)
                .all()
                .collectList()
                .toFuture();
    }
}
