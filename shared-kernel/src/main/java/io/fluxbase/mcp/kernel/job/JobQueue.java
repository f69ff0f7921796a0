package io.fluxbase.mcp.kernel.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The write side's queue of jobs, shared by every node on the database. Each change commits with the job's event in
 * one transaction, so the queue and the log never disagree. Blocking (JDBC): callers on an event loop hand it to a
 * blocking scheduler. Transitions the job aggregate refuses throw {@link IllegalStateException} with its message.
 */
public interface JobQueue {

    /**
     * A new job, or the one this key already submitted with the same idempotency key.
     *
     * @throws TooManyJobs when the key already has as many jobs queued or running as one key may
     */
    SubmittedJob submit(SubmitJobCommand command);

    /**
     * Claims the most urgent due job for {@code node} until {@code lease} passes, and starts its next attempt. A job
     * whose node stopped renewing its lease is first failed as an attempt (and retried at once, attempts allowing).
     */
    Optional<ClaimedJob> claim(String node, Duration lease);

    /** Extends the lease; false when the attempt is no longer this node's to run (cancelled, or taken over). */
    boolean renew(ClaimedJob job, Duration lease);

    void progress(ClaimedJob job, int percent, String message);

    void succeed(ClaimedJob job, @Nullable String resultJson);

    JobAttemptOutcome fail(ClaimedJob job, String error);

    /**
     * The attempt failed in a way another would too (the key was revoked, the job is no longer deployed, its payload
     * asks for what the key may not do): the job fails now, whatever attempts it has left.
     */
    JobAttemptOutcome failForGood(ClaimedJob job, String error);

    /** @return the status the job had when cancelled */
    JobStatus cancel(String jobId);

    void retry(String jobId);

    /** The earliest time a queued job becomes due, if any is queued: how long a runner may sleep. */
    Optional<Instant> nextDue();

    /** Tells {@code signals} of new work and of cancellations, from any node, until the queue closes. */
    void listen(JobSignals signals);

    /**
     * Ends the leases of {@code node}'s running jobs now (the node is stopping), so the next claim on any node takes
     * them over as new attempts without waiting for the leases to run out.
     */
    void releaseLeases(String node);

    /** Whether the job is in the queue at all (for "not found" on the write side). */
    boolean exists(String jobId);

    /** Whether the job was cancelled: a notice that says so is only a hint, which anyone may send. */
    boolean isCancelled(String jobId);

    /** What wakes a runner. Called on the queue's listener thread: return quickly. */
    interface JobSignals {

        void workArrived();

        void cancelled(String jobId);
    }
}
