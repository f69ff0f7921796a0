package io.fluxbase.mcp.query.db;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Hands a database conversation to a caller as a future that cannot cancel it. Cancelling an r2dbc-postgresql
 * conversation half-way can leave its connection stuck (r2dbc-postgresql issue 661), and the pool would then give
 * that connection to the next request. So a caller that goes away (an HTTP client timing out, say) only stops
 * waiting; the conversation runs to its end and its connection goes back clean. The caller's wait is also bounded
 * in time, so a database that stops answering surfaces as an error rather than a request that never ends.
 */
public final class Conversations {

    static final Duration LIMIT = Duration.ofSeconds(30);

    private Conversations() {
    }

    public static <T> CompletableFuture<T> toFuture(Mono<T> conversation) {
        CompletableFuture<T> future = new CompletableFuture<>();
        conversation.subscribe(future::complete, future::completeExceptionally, () -> future.complete(null));
        // the caller stops waiting; the conversation is left alone (a stuck one keeps its connection out of the pool)
        CompletableFuture.delayedExecutor(LIMIT.toSeconds(), TimeUnit.SECONDS).execute(() ->
                future.completeExceptionally(new TimeoutException(
                        "the database did not answer within " + LIMIT.toSeconds() + " s")));
        return future;
    }
}
