package io.fluxbase.mcp.command.job;

import io.fluxbase.mcp.kernel.job.CancelJobCommand;
import io.fluxbase.mcp.kernel.job.FailJobAttemptCommand;
import io.fluxbase.mcp.kernel.job.JobAttemptOutcome;
import io.fluxbase.mcp.kernel.job.JobCancelledEvent;
import io.fluxbase.mcp.kernel.job.JobFailedEvent;
import io.fluxbase.mcp.kernel.job.JobProgressedEvent;
import io.fluxbase.mcp.kernel.job.JobRetryScheduledEvent;
import io.fluxbase.mcp.kernel.job.JobStartedEvent;
import io.fluxbase.mcp.kernel.job.JobStatus;
import io.fluxbase.mcp.kernel.job.JobSubmittedEvent;
import io.fluxbase.mcp.kernel.job.JobSucceededEvent;
import io.fluxbase.mcp.kernel.job.ReportJobProgressCommand;
import io.fluxbase.mcp.kernel.job.RetryJobCommand;
import io.fluxbase.mcp.kernel.job.StartJobCommand;
import io.fluxbase.mcp.kernel.job.SubmitJobCommand;
import io.fluxbase.mcp.kernel.job.SucceedJobCommand;
import io.fluxbase.mcp.kernel.job.Submitter;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobAggregateTest {

    private static final String JOB = "5f0c1d7e-0000-4000-8000-000000000001";
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Submitter ANN = new Submitter("ck_ann", "anon", "authenticated", null,
            Set.of("execute:jobs"));
    private static final long BACKOFF_MS = 10_000;

    private AggregateTestFixture<JobAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(JobAggregate.class);
    }

    private static JobSubmittedEvent submitted(int maxAttempts) {
        return new JobSubmittedEvent(JOB, "report", "{}", 0, AT, maxAttempts, BACKOFF_MS, null, ANN, AT);
    }

    private static JobStartedEvent started(int attempt) {
        return new JobStartedEvent(JOB, "node-a", attempt, AT);
    }

    /** A retry keeps the job's attempt budget: {@code maxAttempts} is what it was submitted with. */
    private static JobRetryScheduledEvent retried(int attempt, int maxAttempts) {
        return new JobRetryScheduledEvent(JOB, attempt, "boom", AT, maxAttempts, AT);
    }

    @Test
    void canSubmitAJob() {
        fixture.givenNoPriorActivity()
                .when(new SubmitJobCommand(JOB, "report", null, null, 5, AT, 3, BACKOFF_MS, "order-1", ANN))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof JobSubmittedEvent event
                                && event.priority() == 5 && event.maxAttempts() == 3
                                && "order-1".equals(event.idempotencyKey())),
                        Matchers.andNoMore())));
    }

    @Test
    void canStartAQueuedJobAsItsNextAttempt() {
        fixture.given(submitted(3))
                .when(new StartJobCommand(JOB, "node-a", 1))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof JobStartedEvent event
                                && event.attempt() == 1 && event.node().equals("node-a")),
                        Matchers.andNoMore())));
    }

    @Test
    void cannotStartAJobTwice() {
        fixture.given(submitted(3), started(1))
                .when(new StartJobCommand(JOB, "node-b", 2))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(JobAggregate.NOT_QUEUED.formatted(JOB, "running"));
    }

    @Test
    void cannotStartAfterTheLastAttempt() {
        // an operator's retry is the only way past the last attempt; a queued job with none left cannot start
        fixture.given(submitted(1), started(1), new JobRetryScheduledEvent(JOB, 1, "lost", AT, 1, AT))
                .when(new StartJobCommand(JOB, "node-a", 2))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(JobAggregate.NO_ATTEMPTS_LEFT.formatted(JOB, 1));
    }

    @Test
    void aFailedAttemptWithAttemptsLeftIsRetriedAfterADoublingBackoff() {
        fixture.given(submitted(3), started(1), retried(1, 3), started(2))
                .when(new FailJobAttemptCommand(JOB, 2, "boom again",
                        FailJobAttemptCommand.Retry.AFTER_BACKOFF))
                .expectResultMessagePayloadMatching(Matchers.matches(payload ->
                        payload instanceof JobAttemptOutcome outcome && outcome.status() == JobStatus.QUEUED))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof JobRetryScheduledEvent event
                                && Duration.between(event.at(), event.retryAt()).toMillis() == 2 * BACKOFF_MS),
                        Matchers.andNoMore())));
    }

    @Test
    void theLastFailedAttemptFailsTheJob() {
        fixture.given(submitted(2), started(1), retried(1, 2), started(2))
                .when(new FailJobAttemptCommand(JOB, 2, "boom",
                        FailJobAttemptCommand.Retry.AFTER_BACKOFF))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof JobFailedEvent event
                                && event.error().equals("boom")),
                        Matchers.andNoMore())));
    }

    @Test
    void anAttemptThatAnotherWouldFailTheSameWayFailsTheJobWithAttemptsLeft() {
        fixture.given(submitted(3), started(1))
                .when(new FailJobAttemptCommand(JOB, 1, "refused", FailJobAttemptCommand.Retry.NEVER))
                .expectResultMessagePayloadMatching(Matchers.matches(payload ->
                        payload instanceof JobAttemptOutcome outcome && outcome.status() == JobStatus.FAILED))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof JobFailedEvent event
                                && event.error().equals("refused") && event.attempt() == 1),
                        Matchers.andNoMore())));
    }

    @Test
    void cannotSucceedAfterACancel() {
        fixture.given(submitted(3), started(1), new JobCancelledEvent(JOB, true, AT))
                .when(new SucceedJobCommand(JOB, 1, "42"))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(JobAggregate.CANCELLED.formatted(JOB));
    }

    @Test
    void cannotReportProgressOfAnAttemptThatIsNotCurrent() {
        fixture.given(submitted(3), started(1), retried(1, 3), started(2))
                .when(new ReportJobProgressCommand(JOB, 1, 50, "late"))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(JobAggregate.WRONG_ATTEMPT.formatted(JOB, 1, "running", 2));
    }

    @Test
    void canReportProgress() {
        fixture.given(submitted(3), started(1))
                .when(new ReportJobProgressCommand(JOB, 1, 50, "half way"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof JobProgressedEvent event
                                && event.percent() == 50),
                        Matchers.andNoMore())));
    }

    @Test
    void cannotCancelAFinishedJobAndSaysHowItFinished() {
        fixture.given(submitted(3), started(1), new JobSucceededEvent(JOB, 1, "42", AT))
                .when(new CancelJobCommand(JOB))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(JobAggregate.ALREADY_FINISHED.formatted(JOB, "succeeded"));
    }

    @Test
    void canCancelARunningJob() {
        fixture.given(submitted(3), started(1))
                .when(new CancelJobCommand(JOB))
                .expectResultMessagePayload(JobStatus.RUNNING)
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof JobCancelledEvent event
                                && event.wasRunning()),
                        Matchers.andNoMore())));
    }

    @Test
    void anOperatorRetryGivesAFailedJobItsAttemptsAgain() {
        fixture.given(submitted(2), started(1), retried(1, 2), started(2), new JobFailedEvent(JOB, 2, "boom", AT))
                .when(new RetryJobCommand(JOB))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.matches(payload -> payload instanceof JobRetryScheduledEvent event
                                && event.error() == null && event.maxAttempts() == 4),
                        Matchers.andNoMore())));
    }

    @Test
    void cannotRetryAJobThatHasNotFinished() {
        fixture.given(submitted(2))
                .when(new RetryJobCommand(JOB))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage(JobAggregate.NOT_FINISHED.formatted(JOB, "queued"));
    }
}
