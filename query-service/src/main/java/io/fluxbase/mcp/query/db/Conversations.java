package io.fluxbase.mcp.query.db;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Hands a database conversation to a caller as a future that cannot cancel it. Cancelling an r2dbc-postgresql
 * conversation half-way can leave its connection stuck (r2dbc-postgresql issue 661), and the pool would then give
 * that connection to the next request. So a caller that goes away (an HTTP client timing out, say) only stops
 * waiting; the conversation runs to its end and its connection goes back clean.
 *
 * <p>Rarely an answer is lost all the same (seen as a request that never ends, about once in several thousand
 * conversations when many servers start and stop in one JVM; the cause is not found yet). A conversation that has
 * not answered after {@link #RETRY_AFTER} therefore runs once more, on a connection of its own, and the first answer
 * wins; the stuck attempt is left alone, keeping its connection out of the pool. Conversations must be safe to
 * repeat: reads are; the key admission may then count one request twice. The wait is bounded by {@link #LIMIT}.
 */
public final class Conversations {

    private static final Logger log = LoggerFactory.getLogger(Conversations.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final Duration LIMIT = Duration.ofSeconds(30);

    private Conversations() {
    }

    // Its own timer thread, not the common pool (CompletableFuture.delayedExecutor's default): a blocked common-pool
    // worker must not keep a retry from running. A finished conversation cancels its timer, so none pile up.
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("conversation-timer").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** {@code conversation} must be lazy: each subscription runs it anew. */
    public static <T> CompletableFuture<T> toFuture(Mono<T> conversation) {
        CompletableFuture<T> future = new CompletableFuture<>();
        attempt(conversation, future);
        if (!future.isDone()) {
            ScheduledFuture<?> retry = TIMER.schedule(() -> retry(conversation, future), RETRY_AFTER.toMillis(),
                    TimeUnit.MILLISECONDS);
            future.whenComplete((value, error) -> retry.cancel(false));
        }
        return future;
    }

    private static <T> void retry(Mono<T> conversation, CompletableFuture<T> future) {
        if (future.isDone()) {
            return;
        }
        log.warn("a database conversation has not answered in {} s; running it once more", RETRY_AFTER.toSeconds());
        attempt(conversation, future);
        ScheduledFuture<?> limit = TIMER.schedule(() -> future.completeExceptionally(new TimeoutException(
                        "the database did not answer within " + LIMIT.toSeconds() + " s")),
                LIMIT.minus(RETRY_AFTER).toMillis(), TimeUnit.MILLISECONDS);
        future.whenComplete((value, error) -> limit.cancel(false));
    }

    private static <T> void attempt(Mono<T> conversation, CompletableFuture<T> future) {
        conversation.subscribe(future::complete, future::completeExceptionally, () -> future.complete(null));
    }
}
