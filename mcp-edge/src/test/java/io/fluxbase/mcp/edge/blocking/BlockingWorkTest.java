package io.fluxbase.mcp.edge.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

class BlockingWorkTest {

    private static final int MANY = 10_000_000;

    private final BlockingWork blockingWork = new BlockingWork();
    private final AtomicInteger sent = new AtomicInteger();
    private final CompletableFuture<String> ended = new CompletableFuture<>();

    @AfterEach
    void close() {
        blockingWork.destroy();
    }

    @Test
    void aReaderThatReadsEverythingGetsEveryItemInOrder() {
        List<Integer> read = blockingWork.<Integer>stream(lines -> {
            for (int i = 0; i < 5_000; i++) {
                lines.next(i);
            }
        }).collectList().block(Duration.ofSeconds(30));

        assertThat(read).hasSize(5_000).isSorted().startsWith(0, 1, 2).endsWith(4_999);
    }

    @Test
    void aReaderThatStopsAskingHoldsTheWorkBackInsteadOfLettingItFillTheHeap() throws Exception {
        Reader reader = new Reader(10);
        blockingWork.stream(this::sendMany).subscribe(reader);

        awaitReceived(reader, 10);
        Thread.sleep(500); // time enough to make thousands more, had it not waited
        assertThat(sent.get()).as("items made while the reader asked for only 10").isEqualTo(10);
        assertThat(reader.received.get()).isEqualTo(10);
        assertThat(ended).isNotDone();

        reader.more(5);
        awaitReceived(reader, 15);
        Thread.sleep(500);
        assertThat(sent.get()).isEqualTo(15);
        reader.dispose();
    }

    @Test
    void aReaderThatGoesAwayEndsTheWork() throws Exception {
        Reader reader = new Reader(3);
        blockingWork.stream(this::sendMany).subscribe(reader);
        Thread.sleep(300);

        reader.dispose();

        assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo("the reader went away");
        assertThat(sent.get()).isLessThan(10);
    }

    @Test
    void aReaderThatTakesNothingForTooLongEndsTheWork() throws Exception {
        Reader reader = new Reader(2);
        blockingWork.stream(this::sendMany, Duration.ofMillis(300)).subscribe(reader);

        assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo("the reader took nothing for 0 s");
        assertThat(reader.received.get()).isEqualTo(2);
        reader.dispose();
    }

    private static void awaitReceived(Reader reader, int items) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reader.received.get() < items && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void sendMany(PacedSink<Integer> lines) {
        try {
            for (int i = 0; i < MANY; i++) {
                lines.next(i);
                sent.incrementAndGet();
            }
            ended.complete("all sent");
        } catch (RuntimeException e) {
            ended.complete(e.getMessage());
            throw e;
        }
    }

    /** A reader that asks for a few items and then for no more until told to. */
    private static final class Reader extends BaseSubscriber<Integer> {

        private final int first;
        private final AtomicInteger received = new AtomicInteger();

        Reader(int first) {
            this.first = first;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(first);
        }

        @Override
        protected void hookOnNext(Integer value) {
            received.incrementAndGet();
        }

        @Override
        protected void hookOnError(Throwable error) {
            // the tests watch the work's end instead
        }

        void more(int n) {
            request(n);
        }
    }
}
