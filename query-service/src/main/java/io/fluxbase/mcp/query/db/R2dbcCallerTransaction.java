package io.fluxbase.mcp.query.db;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs read work in one transaction under the caller's role and claims: the settings go first, as PostgREST does
 * before its main query, in the same round trip as the work's first statement. The answer is passed on as soon as
 * it is read; the transaction then ends (COMMIT, or ROLLBACK on error or cancel) and only after that does the
 * connection go back to the pool, so the settings can never reach another caller, and the caller does not wait for
 * the commit of a read.
 */
@Component
public class R2dbcCallerTransaction {

    private final ConnectionFactory connectionFactory;

    R2dbcCallerTransaction(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public <T> Mono<T> run(Caller caller, Function<Connection, Mono<T>> work) {
        return Mono.from(connectionFactory.create()).flatMap(connection -> {
            Mono<Boolean> opened = Flux.from(connection.createStatement(CallerSettings.openingStatements(caller))
                            .execute())
                    .concatMap(Result::getRowsUpdated)
                    .then(Mono.just(Boolean.TRUE));
            // Sent without waiting for the settings' answer: the connection keeps the order, so the work runs after
            // them in the same transaction, and if they fail the transaction is aborted and the work fails too.
            return Mono.zip(opened, Mono.defer(() -> work.apply(connection)), (ok, value) -> value)
                    .doOnSuccess(value -> end(connection, "COMMIT"))
                    .doOnError(error -> end(connection, "ROLLBACK"))
                    .doOnCancel(() -> end(connection, "ROLLBACK"));
        });
    }

    private static void end(Connection connection, String statement) {
        Flux.from(connection.createStatement(statement).execute())
                .concatMap(Result::getRowsUpdated)
                .then()
                .onErrorComplete()
                .then(Mono.from(connection.close()))
                .subscribe();
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
