package io.fluxbase.mcp.query.db;

import io.fluxbase.mcp.kernel.admin.DatabaseHealth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class R2dbcDatabaseHealth implements DatabaseHealth {

    private final DatabaseClient db;

    R2dbcDatabaseHealth(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Boolean> ping() {
        return db.sql("SELECT 1").map(row -> true).one()
                .timeout(Duration.ofSeconds(2))
                .onErrorReturn(false)
                .defaultIfEmpty(false)
                .toFuture();
    }
}
