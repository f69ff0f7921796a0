package io.fluxbase.mcp.query.db;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs work in one transaction under the caller's role and claims: the settings statement goes first, as
 * PostgREST does before its main query, and is transaction-local, so the pooled connection comes back clean.
 * {@code work} must emit a value: the transaction commits on that value and rolls back on an error.
 */
@Component
public class R2dbcCallerTransaction {

    private final ConnectionFactory connectionFactory;

    R2dbcCallerTransaction(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public <T> Mono<T> run(Caller caller, Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(connectionFactory.create(),
                connection -> Mono.from(connection.beginTransaction())
                        .then(Flux.from(bind(connection, CallerSettings.of(caller)).execute())
                                .flatMap(result -> result.map((row, meta) -> 1)).then())
                        .then(Mono.defer(() -> work.apply(connection)))
                        .flatMap(value -> Mono.from(connection.commitTransaction()).thenReturn(value))
                        .onErrorResume(error -> Mono.from(connection.rollbackTransaction()).then(Mono.error(error))),
                Connection::close);
    }

    /** Binds a kernel-built statement; every value is a parameter, never SQL text. */
    public static Statement bind(Connection connection, BoundSql sql) {
        Statement statement = connection.createStatement(sql.text());
        for (int i = 0; i < sql.parameters().size(); i++) {
            statement.bind(i, sql.parameters().get(i));
        }
        return statement;
    }
}
