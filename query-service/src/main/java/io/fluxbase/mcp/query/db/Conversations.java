package io.fluxbase.mcp.query.db;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Rarely an answer was lost all the same (seen as a request that never ends, about once in several thousand
 * conversations when many servers started and stopped in one JVM). One likely cause is gone: servers shared Reactor
 * Netty's process-wide event loops, and the first to stop closed the other servers' connections (each server now
 * owns its loops, see the app's EventLoops). In case another cause remains, a conversation that has not answered
 * after {@link #RETRY_AFTER} (checked once a second) runs once more, on a connection of its own, and the first answer
 * wins; the stuck attempt is left alone, keeping its connection out of the pool. Conversations must be safe to
 * repeat: reads are, and so is the key lookup. The wait is bounded by {@link #LIMIT}.
 */
public final class Conversations {

    private static final Logger log = LoggerFactory.getLogger(Conversations.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private Conversations() {
    }

    /** A conversation that has not answered yet, and whether it already ran a second time. */
    private static final class Pending<T> {
        final Mono<T> conversation;
        final CompletableFuture<T> future;
        final long startedNanos = System.nanoTime();
        boolean retried;

        Pending(Mono<T> conversation, CompletableFuture<T> future) {
            this.conversation = conversation;
            this.future = future;
        }
    }

    private static final Set<Pending<?>> PENDING = ConcurrentHashMap.newKeySet();

    // One sweep a second over the conversations still waiting, on a timer thread of its own (not the common pool: a
    // blocked common-pool worker must not keep a retry from running). Conversations register in a set rather than
    // scheduling a timer each: a timer per conversation woke the timer thread twice per database round trip.
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("conversation-timer").daemon().factory());
        timer.scheduleWithFixedDelay(Conversations::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return timer;
    }

    /** {@code conversation} must be lazy: each subscription runs it anew. */
    public static <T> CompletableFuture<T> toFuture(Mono<T> conversation) {
        CompletableFuture<T> future = new CompletableFuture<>();
        attempt(conversation, future);
        if (!future.isDone()) {
            Pending<T> pending = new Pending<>(conversation, future);
            PENDING.add(pending);
            future.whenComplete((value, error) -> PENDING.remove(pending));
        }
        return future;
    }

    private static void sweep() {
        long now = System.nanoTime();
        for (Pending<?> pending : PENDING) {
            try {
                waitedTooLong(pending, Duration.ofNanos(now - pending.startedNanos));
            } catch (RuntimeException e) {
                log.error("could not retry or end a database conversation", e);
            }
        }
    }

    private static <T> void waitedTooLong(Pending<T> pending, Duration waited) {
        if (pending.future.isDone()) {
            PENDING.remove(pending);
        } else if (waited.compareTo(LIMIT) >= 0) {
            pending.future.completeExceptionally(new TimeoutException(
                    "the database did not answer within " + LIMIT.toSeconds() + " s"));
        } else if (waited.compareTo(RETRY_AFTER) >= 0 && !pending.retried) {
            pending.retried = true;
            log.warn("a database conversation has not answered in {} s; running it once more", waited.toSeconds());
            attempt(pending.conversation, pending.future);
        }
    }

    private static <T> void attempt(Mono<T> conversation, CompletableFuture<T> future) {
        conversation.subscribe(future::complete, future::completeExceptionally, () -> future.complete(null));
    }
}
