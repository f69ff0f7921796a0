package io.fluxbase.mcp.edge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.kernel.job.JobStatus;
import io.fluxbase.mcp.kernel.job.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobCatchUpTest {

    private static final JobView JOB = new JobView("0192f3a4-0000-7000-8000-000000000001", "notes", JobStatus.QUEUED,
            0, null, 0, 3, 0, null, null, "ck_1", null, Instant.EPOCH, Instant.EPOCH, null, null, List.of());

    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void aJobTheReadModelHasNotReachedYetIsFoundOnALaterRead() throws Exception {
        Optional<JobView> found = JobCatchUp.find(() -> reads.incrementAndGet() < 3 ? Optional.empty()
                : Optional.of(JOB), () -> true);

        assertThat(found).contains(JOB);
        assertThat(reads).hasValue(3);
    }

    @Test
    void aJobThatNeverArrivesIsAskedForAFewTimesNotEveryFewMilliseconds() throws Exception {
        long started = System.nanoTime();
        Optional<JobView> found = JobCatchUp.find(() -> {
            reads.incrementAndGet();
            return Optional.empty();
        }, () -> true);

        assertThat(found).isEmpty();
        assertThat(System.nanoTime() - started).isGreaterThan(JobCatchUp.CATCH_UP.toNanos() * 9 / 10);
        assertThat(reads.get()).as("reads in %s", JobCatchUp.CATCH_UP).isBetween(3, 10);
    }

    @Test
    void aJobTheQueueDoesNotHoldIsReadOnce() throws Exception {
        assertThat(JobCatchUp.find(() -> {
            reads.incrementAndGet();
            return Optional.empty();
        }, () -> false)).isEmpty();
        assertThat(reads).hasValue(1);
    }
}
