package io.fluxbase.mcp.query.readmodel;

import io.fluxbase.mcp.kernel.admin.SetAsideRecords;
import io.fluxbase.mcp.query.db.Conversations;
import java.util.concurrent.CompletableFuture;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class DeadLetterQueries implements SetAsideRecords {

    private final DatabaseClient db;

    DeadLetterQueries(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Long> count() {
        return Conversations.toFuture(db.sql("SELECT count(*) AS n FROM fluxbase.dead_letter")
                .map(row -> row.get("n", Long.class))
                .one());
    }
}
