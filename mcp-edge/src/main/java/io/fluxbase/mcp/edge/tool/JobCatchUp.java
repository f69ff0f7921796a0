package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.kernel.job.JobView;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The job status read model follows the log a moment behind: a job submitted just now may not be in it yet. When
 * the queue holds the job (and the asker may see it), wait that moment rather than answer "not found" for it.
 * Blocking; used by get_job_status and the admin API's job.
 */
public final class JobCatchUp {

    static final Duration CATCH_UP = Duration.ofSeconds(3);

    private JobCatchUp() {
    }

    /** {@code read} again every 20 ms for up to {@link #CATCH_UP} while it finds nothing and {@code queued} holds. */
    public static Optional<JobView> find(Supplier<Optional<JobView>> read, BooleanSupplier queued)
            throws InterruptedException {
        Optional<JobView> found = read.get();
        if (found.isPresent() || !queued.getAsBoolean()) {
            return found;
        }
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = read.get();
        }
        return found;
    }
}
