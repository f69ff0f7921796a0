package io.fluxbase.mcp.query.db;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

/**
 * Runs read work in one read-only transaction under the caller's role and claims, on a connection of the caller
 * login for that role (never the server's own): the settings go first, as PostgREST does before its main query, in
 * the same round trip as the work's first statement. The answer is passed on as soon as it is read; the transaction
 * then ends with the session reset (see {@link CallerSettings}), and only after that does the connection go back to
 * the pool, so nothing a caller's statement left on the session reaches another caller, and the caller does not wait
 * for the commit of a read.
 */
@Component
public class R2dbcCallerTransaction {

    private final CallerConnectionFactories connections;
    private final Duration timeout;

    R2dbcCallerTransaction(CallerConnectionFactories connections,
            @Value("${fluxbase.mcp.read-timeout:PT30S}") String readTimeout) {
        this.connections = connections;
        this.timeout = Duration.parse(readTimeout);
    }

    public <T> Mono<T> run(Caller caller, Function<Connection, Mono<T>> work) {
        return Mono.from(connections.forRole(caller.databaseRole()).create()).flatMap(connection ->
                afterSettings(connection, caller, Mono.defer(() -> work.apply(connection)))
                        .doOnSuccess(value -> end(connection, CallerSettings.CLOSE_READ))
                        .doOnError(error -> end(connection, CallerSettings.ABANDON_READ))
                        .doOnCancel(() -> end(connection, CallerSettings.ABANDON_READ)));
    }

    /**
     * One statement under the caller's role, its rows mapped by {@code row}: settings, statement, session reset and
     * COMMIT go out together, one round trip and one wake-up of the server. (Only for a single statement: a COMMIT
     * sent ahead of a second statement would let that one run outside the transaction, as the bare login.)
     */
    public <T> Mono<List<T>> runStatement(Caller caller, Function<Connection, Statement> statement,
            Function<Readable, T> row) {
        return Mono.from(connections.forRole(caller.databaseRole()).create()).flatMap(connection -> {
            Mono<List<T>> rows = Flux.from(statement.apply(connection).execute())
                    .concatMap(result -> result.map(row))
                    .collectList();
            Mono<Long> committed = Flux.from(connection.createStatement(CallerSettings.CLOSE_READ).execute())
                    .concatMap(Result::getRowsUpdated)
                    .then(Mono.just(0L));
            return afterSettings(connection, caller, Mono.zipDelayError(rows, committed).map(Tuple2::getT1))
                    .doOnSuccess(value -> close(connection))
                    .doOnError(error -> end(connection, CallerSettings.ABANDON_READ));
        });
    }

    /**
     * Sends the caller's settings and, without waiting for their answer, the work: the connection keeps the order,
     * so the work runs after them in the same transaction, and if they fail the transaction is aborted and the work
     * fails too. Every answer is read to its end (none is cancelled half-way, see {@link Conversations}); the
     * settings' error, when there is one, is the one reported.
     */
    private <T> Mono<T> afterSettings(Connection connection, Caller caller, Mono<T> work) {
        Mono<Long> opened = Flux.from(connection.createStatement(CallerSettings.openRead(caller, timeout)).execute())
                .concatMap(Result::getRowsUpdated)
                .then(Mono.just(0L));
        return Mono.zipDelayError(opened, work).map(Tuple2::getT2)
                .onErrorMap(error -> Exceptions.unwrapMultiple(error).get(0));
    }

    private static void close(Connection connection) {
        Mono.from(connection.close()).subscribe();
    }

    /** Ends the transaction, then gives the connection back; one that cannot be ended cleanly is not reused. */
    private static void end(Connection connection, String statements) {
        Flux.from(connection.createStatement(statements).execute())
                .concatMap(Result::getRowsUpdated)
                .then(Mono.from(connection.close()))
                .onErrorResume(error -> discard(connection))
                .subscribe();
    }

    // Closing the pooled connection's own connection makes the pool drop it instead of lending it again.
    private static Mono<Void> discard(Connection connection) {
        Connection target = connection instanceof io.r2dbc.spi.Wrapped<?> wrapped
                && wrapped.unwrap() instanceof Connection inner ? inner : connection;
        return Mono.from(target.close()).onErrorComplete().then(Mono.from(connection.close())).onErrorComplete();
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
