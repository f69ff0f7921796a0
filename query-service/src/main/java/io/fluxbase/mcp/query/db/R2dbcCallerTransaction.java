package io.fluxbase.mcp.query.db;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

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
        return Mono.from(connectionFactory.create()).flatMap(connection ->
                afterSettings(connection, caller, Mono.defer(() -> work.apply(connection)))
                        .doOnSuccess(value -> end(connection, "COMMIT"))
                        .doOnError(error -> end(connection, "ROLLBACK"))
                        .doOnCancel(() -> end(connection, "ROLLBACK")));
    }

    /**
     * One statement under the caller's role, its rows mapped by {@code row}: settings, statement and COMMIT go out
     * together, one round trip and one wake-up of the server. (Only for a single statement: a COMMIT sent ahead of
     * a second statement would let that one run outside the transaction, as the pool's own role.)
     */
    public <T> Mono<List<T>> runStatement(Caller caller, Function<Connection, Statement> statement,
            Function<Readable, T> row) {
        return Mono.from(connectionFactory.create()).flatMap(connection -> {
            Mono<List<T>> rows = Flux.from(statement.apply(connection).execute())
                    .concatMap(result -> result.map(row))
                    .collectList();
            Mono<Long> committed = Flux.from(connection.createStatement("COMMIT").execute())
                    .concatMap(Result::getRowsUpdated)
                    .then(Mono.just(0L));
            return afterSettings(connection, caller, Mono.zipDelayError(rows, committed).map(Tuple2::getT1))
                    .doOnSuccess(value -> close(connection))
                    .doOnError(error -> end(connection, "ROLLBACK"));
        });
    }

    /**
     * Sends the caller's settings and, without waiting for their answer, the work: the connection keeps the order,
     * so the work runs after them in the same transaction, and if they fail the transaction is aborted and the work
     * fails too. Every answer is read to its end (none is cancelled half-way, see {@link Conversations}); the
     * settings' error, when there is one, is the one reported.
     */
    private static <T> Mono<T> afterSettings(Connection connection, Caller caller, Mono<T> work) {
        Mono<Long> opened = Flux.from(connection.createStatement(CallerSettings.openingStatements(caller)).execute())
                .concatMap(Result::getRowsUpdated)
                .then(Mono.just(0L));
        return Mono.zipDelayError(opened, work).map(Tuple2::getT2)
                .onErrorMap(error -> Exceptions.unwrapMultiple(error).get(0));
    }

    private static void close(Connection connection) {
        Mono.from(connection.close()).subscribe();
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
