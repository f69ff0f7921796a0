package io.fluxbase.mcp.function;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;

/**
 * Wall-clock limits: GraalJS community edition has no time limit of its own, so a timer closes a context that is
 * still running at its deadline. Closing waits for the running code to stop, so it happens off the timer thread.
 */
final class Watchdog implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("function-watchdog").daemon(true).factory());

    Watchdog() {
        // a cancelled alarm leaves the queue at once instead of holding what it refers to until its time
        timer.setRemoveOnCancelPolicy(true);
    }

    ScheduledFuture<?> at(Duration after, Runnable onDeadline) {
        return timer.schedule(onDeadline, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Cancels whatever the context is running; the context is unusable afterwards and is never reused. */
    static void kill(Context context) {
        Thread.ofVirtual().name("function-kill").start(() -> {
            try {
                context.close(true);
            } catch (RuntimeException alreadyClosingOrCancelled) {
                // the context is going away either way
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
