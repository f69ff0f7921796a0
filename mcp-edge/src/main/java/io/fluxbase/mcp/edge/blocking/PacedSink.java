package io.fluxbase.mcp.edge.blocking;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.FluxSink;

/**
 * Where long blocking work sends its items: each one waits until the reader has asked for it, so a slow reader
 * slows the work down instead of piling its output up in the server's memory. When the reader goes away, or asks for
 * nothing for a while ({@link BlockingWork#READER_PATIENCE}), the next item ends the work.
 */
public final class PacedSink<T> {

    private final FluxSink<T> sink;
    private final Duration patience;
    private final Object demand = new Object();
    /** Items asked for and not sent yet, counted here: the sink's own count falls only once a batch is delivered. */
    private long owed;

    PacedSink(FluxSink<T> sink, Duration patience) {
        this.sink = sink;
        this.patience = patience;
        sink.onRequest(this::asked); // told at once of what was asked before, then of each request
        sink.onCancel(() -> asked(0));
    }

    public void next(T item) {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (demand) {
            while (owed == 0 && !sink.isCancelled()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ReaderGone("the reader took nothing for " + patience.toSeconds() + " s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(demand, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ReaderGone("the server is stopping");
                }
            }
            if (sink.isCancelled()) {
                throw new ReaderGone("the reader went away");
            }
            if (owed != Long.MAX_VALUE) { // Long.MAX_VALUE: everything, as Reactive Streams counts
                owed--;
            }
        }
        sink.next(item);
    }

    private void asked(long n) {
        synchronized (demand) {
            owed = owed + n < 0 ? Long.MAX_VALUE : owed + n;
            demand.notifyAll();
        }
    }

    /** Ends the work: nobody is reading what it sends. */
    public static final class ReaderGone extends RuntimeException {

        ReaderGone(String message) {
            super(message, null, false, false);
        }
    }
}
