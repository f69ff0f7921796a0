package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.kernel.job.JobView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The job status read model follows the log a moment behind: a job submitted just now may not be in it yet. When
 * the queue holds the job (and the asker may see it), wait that moment rather than answer "not found" for it.
 * Blocking; used by get_job_status and the admin API's job.
 */
public final class JobCatchUp {

    static final Duration CATCH_UP = Duration.ofSeconds(3);
    private static final long FIRST_PAUSE_MS = 20;

    private JobCatchUp() {
    }

    /**
     * {@code read} again while it finds nothing and {@code queued} holds, for up to {@link #CATCH_UP}: after 20 ms,
     * then twice as long each time, since a caller's read is a transaction on a small pool and the read model is
     * usually a few tens of milliseconds behind.
     */
    public static Optional<JobView> find(Supplier<Optional<JobView>> read, BooleanSupplier queued)
            throws InterruptedException {
        Optional<JobView> found = read.get();
        if (found.isPresent() || !queued.getAsBoolean()) {
            return found;
        }
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (found.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            Thread.sleep(Math.min(pause, left));
            pause *= 2;
            found = read.get();
        }
        return found;
    }
}
