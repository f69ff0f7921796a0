package io.fluxbase.mcp.query.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ConversationsTest {

    @Test
    void aConversationThatNeverAnswersRunsOnceMoreAndTheSecondAnswerWins() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Mono<String> conversation = Mono.defer(() -> attempts.incrementAndGet() == 1 ? Mono.never() : Mono.just("rows"));

        CompletableFuture<String> answer = Conversations.toFuture(conversation);

        assertThat(answer.get(Conversations.RETRY_AFTER.toSeconds() + 5, TimeUnit.SECONDS)).isEqualTo("rows");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void theRetryRunsEvenWhenEveryCommonPoolWorkerIsBlocked() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        int workers = java.util.concurrent.ForkJoinPool.commonPool().getParallelism();
        for (int i = 0; i < workers; i++) {
            CompletableFuture.runAsync(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            AtomicInteger attempts = new AtomicInteger();
            CompletableFuture<String> answer = Conversations.toFuture(
                    Mono.defer(() -> attempts.incrementAndGet() == 1 ? Mono.never() : Mono.just("rows")));
            assertThat(answer.get(Conversations.RETRY_AFTER.toSeconds() + 5, TimeUnit.SECONDS)).isEqualTo("rows");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aPromptAnswerRunsOnlyOnce() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> answer = Conversations.toFuture(Mono.fromSupplier(() -> {
            attempts.incrementAndGet();
            return "rows";
        }));
        assertThat(answer.get(1, TimeUnit.SECONDS)).isEqualTo("rows");
        Thread.sleep(Conversations.RETRY_AFTER.toMillis() + 500);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void cancellingTheFutureDoesNotCancelTheConversation() {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<String> answer = Conversations.toFuture(
                Mono.<String>never().doOnCancel(() -> cancelled.set(true)));
        answer.cancel(true);
        assertThat(answer).isCancelled();
        assertThat(cancelled).isFalse();
    }
}
