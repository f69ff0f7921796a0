package io.fluxbase.mcp.query.db;

import io.fluxbase.mcp.kernel.admin.DatabaseHealth;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Asks the database for {@code SELECT 1} on a connection of its own: when the database hangs, the probe gives up
 * after two seconds and abandons only that connection, never one that calls share from the pool.
 */
@Component
class R2dbcDatabaseHealth implements DatabaseHealth {

    private final ConnectionFactory direct;

    R2dbcDatabaseHealth(@Qualifier("directConnectionFactory") ConnectionFactory direct) {
        this.direct = direct;
    }

    @Override
    public CompletableFuture<Boolean> ping() {
        return Mono.usingWhen(direct.create(),
                        connection -> Flux.from(connection.createStatement("SELECT 1").execute())
                                .concatMap(result -> result.map((row, meta) -> true))
                                .then(Mono.just(true)),
                        Connection::close)
                .timeout(Duration.ofSeconds(2))
                .onErrorReturn(false)
                .toFuture();
    }
}
