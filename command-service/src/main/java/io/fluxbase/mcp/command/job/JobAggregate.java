package io.fluxbase.mcp.command.job;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

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
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A job's lifecycle: queued, then attempts that each start and end (succeeded, retried after a backoff, or failed
 * for good on the last), or cancelled. It decides which transition is legal; reports of an attempt that is not the
 * current one (a runner that lost its lease, or finished after a cancel) are refused, so they change nothing.
 */
@Aggregate
public class JobAggregate {

    static final String NOT_QUEUED = "job %s is %s; only a queued job can start";
    static final String NO_ATTEMPTS_LEFT = "job %s has used all %d of its attempts";
    static final String WRONG_ATTEMPT = "job %s is not running attempt %d (it is %s, attempt %d)";
    static final String CANCELLED = "job %s was cancelled";
    static final String ALREADY_FINISHED = "job %s has already %s; only a queued or running job can be cancelled";
    static final String NOT_FINISHED = "job %s is %s; only a failed or cancelled job can be retried";
    static final String BAD_PERCENT = "progress must be from 0 to 100, got %d";
    /** A backoff never grows past a day, however many attempts came before. */
    static final Duration LONGEST_WAIT = Duration.ofHours(24);

    @AggregateIdentifier
    private String jobId;
    private JobStatus status;
    private int attempt;
    private int maxAttempts;
    private int attemptsGranted;
    private long backoffMs;

    protected JobAggregate() {
        // for Axon
    }

    @CommandHandler
    public JobAggregate(SubmitJobCommand command) {
        if (command.maxAttempts() < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + command.maxAttempts());
        }
        apply(new JobSubmittedEvent(command.jobId(), command.name(), command.recordedPayloadJson(), command.priority(),
                command.runAt(), command.maxAttempts(), command.backoffMs(), command.idempotencyKey(),
                command.submitter(), Instant.now()));
    }

    @CommandHandler
    public void handle(StartJobCommand command) {
        if (status != JobStatus.QUEUED) {
            throw new IllegalStateException(NOT_QUEUED.formatted(jobId, status.wireName()));
        }
        if (attempt >= maxAttempts) {
            throw new IllegalStateException(NO_ATTEMPTS_LEFT.formatted(jobId, maxAttempts));
        }
        if (command.attempt() != attempt + 1) {
            throw new IllegalStateException(WRONG_ATTEMPT.formatted(jobId, command.attempt(), status.wireName(),
                    attempt));
        }
        apply(new JobStartedEvent(jobId, command.node(), command.attempt(), Instant.now()));
    }

    @CommandHandler
    public void handle(ReportJobProgressCommand command) {
        checkCurrent(command.attempt());
        if (command.percent() < 0 || command.percent() > 100) {
            throw new IllegalArgumentException(BAD_PERCENT.formatted(command.percent()));
        }
        apply(new JobProgressedEvent(jobId, attempt, command.percent(), command.message(), Instant.now()));
    }

    @CommandHandler
    public void handle(SucceedJobCommand command) {
        checkCurrent(command.attempt());
        apply(new JobSucceededEvent(jobId, attempt, command.resultJson(), Instant.now()));
    }

    @CommandHandler
    public JobAttemptOutcome handle(FailJobAttemptCommand command) {
        checkCurrent(command.attempt());
        Instant now = Instant.now();
        if (attempt >= maxAttempts || command.retry() == FailJobAttemptCommand.Retry.NEVER) {
            apply(new JobFailedEvent(jobId, attempt, command.error(), now));
            return new JobAttemptOutcome(JobStatus.FAILED, null);
        }
        Instant retryAt = command.retry() == FailJobAttemptCommand.Retry.AT_ONCE ? now
                : now.plus(backoffAfter(attempt - attemptsGranted));
        apply(new JobRetryScheduledEvent(jobId, attempt, command.error(), retryAt, maxAttempts, now));
        return new JobAttemptOutcome(JobStatus.QUEUED, retryAt);
    }

    @CommandHandler
    public JobStatus handle(CancelJobCommand command) {
        if (status.isFinal()) {
            throw new IllegalStateException(ALREADY_FINISHED.formatted(jobId, status.wireName()));
        }
        JobStatus was = status;
        apply(new JobCancelledEvent(jobId, status == JobStatus.RUNNING, Instant.now()));
        return was;
    }

    /** An operator's retry gives the job as many attempts again as it was first given. */
    @CommandHandler
    public void handle(RetryJobCommand command) {
        if (status != JobStatus.FAILED && status != JobStatus.CANCELLED) {
            throw new IllegalStateException(NOT_FINISHED.formatted(jobId, status.wireName()));
        }
        Instant now = Instant.now();
        apply(new JobRetryScheduledEvent(jobId, attempt, null, now, attempt + (maxAttempts - attemptsGranted), now));
    }

    private void checkCurrent(int reported) {
        if (status == JobStatus.CANCELLED) {
            throw new IllegalStateException(CANCELLED.formatted(jobId));
        }
        if (status != JobStatus.RUNNING || reported != attempt) {
            throw new IllegalStateException(WRONG_ATTEMPT.formatted(jobId, reported, status.wireName(), attempt));
        }
    }

    /** {@code backoff}, doubled for each attempt that failed before: the n-th retry waits backoff * 2^(n-1). */
    private Duration backoffAfter(int failedAttempts) {
        Duration wait = Duration.ofMillis(backoffMs);
        for (int i = 1; i < failedAttempts && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    @EventSourcingHandler
    void on(JobSubmittedEvent event) {
        jobId = event.jobId();
        status = JobStatus.QUEUED;
        maxAttempts = event.maxAttempts();
        backoffMs = event.backoffMs();
    }

    @EventSourcingHandler
    void on(JobStartedEvent event) {
        status = JobStatus.RUNNING;
        attempt = event.attempt();
    }

    @EventSourcingHandler
    void on(JobSucceededEvent event) {
        status = JobStatus.SUCCEEDED;
    }

    @EventSourcingHandler
    void on(JobFailedEvent event) {
        status = JobStatus.FAILED;
    }

    @EventSourcingHandler
    void on(JobRetryScheduledEvent event) {
        status = JobStatus.QUEUED;
        if (event.error() == null) {
            // an operator's retry: the backoff starts over for the new set of attempts
            attemptsGranted = event.attempt();
        }
        maxAttempts = event.maxAttempts();
    }

    @EventSourcingHandler
    void on(JobCancelledEvent event) {
        status = JobStatus.CANCELLED;
    }
}
