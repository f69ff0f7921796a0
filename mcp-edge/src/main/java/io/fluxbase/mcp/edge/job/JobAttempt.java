package io.fluxbase.mcp.edge.job;

import io.fluxbase.mcp.edge.tool.BuiltInJob;
import io.fluxbase.mcp.edge.tool.BuiltInJobs;
import io.fluxbase.mcp.edge.tool.FunctionInvocations;
import io.fluxbase.mcp.edge.tool.JobInvocation;
import io.fluxbase.mcp.kernel.audit.ArgumentAudit;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyDirectory;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.FindClientKeyQuery;
import io.fluxbase.mcp.kernel.clientkey.KeyStatus;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionInvokedEvent;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import io.fluxbase.mcp.kernel.job.ClaimedJob;
import io.fluxbase.mcp.kernel.job.JobAttemptOutcome;
import io.fluxbase.mcp.kernel.job.JobQueue;
import io.fluxbase.mcp.kernel.job.Submitter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attempt of one job, on a worker thread: runs the job's function as its submitter (while that key is still
 * active), reports progress as it
 * comes, then its end (succeeded, or failed and perhaps retried) to the queue. Every attempt leaves one call record
 * in the {@code jobs} category, with its function's execution record beside it; the attempt's {@code ctx.db} writes
 * carry that record's call id.
 */
final class JobAttempt {

    private static final Logger log = LoggerFactory.getLogger(JobAttempt.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String METHOD = "jobs/run";

    private final ClaimedJob job;
    private final JobQueue queue;
    private final FunctionInvocations invocations;
    private final CallRecorder recorder;
    /** What the record keeps of a failure's text: a failing statement's message quotes the row's values. */
    private final ArgumentAudit audit;
    private final Executor blocking;
    private final ClientKeyDirectory keys;
    private final CallRecord draft;
    private final long startNanos = System.nanoTime();
    /** Progress reports, one after another, so they reach the aggregate in the order the job made them. */
    private CompletableFuture<Void> reported = CompletableFuture.completedFuture(null);
    private volatile @Nullable JobInvocation invocation;
    private volatile @Nullable CompletableFuture<?> builtInRun;
    private final BuiltInJobs builtIns;
    private volatile boolean cancelled;
    private volatile boolean abandoned;
    /** Why the submitting key may no longer act, when that stopped the attempt while it ran. */
    private volatile @Nullable String keyRetired;

    JobAttempt(ClaimedJob job, JobQueue queue, FunctionInvocations invocations, CallRecorder recorder,
            ArgumentAudit audit, Executor blocking, ClientKeyDirectory keys, BuiltInJobs builtIns) {
        this.audit = audit;
        this.job = job;
        this.builtIns = builtIns;
        this.keys = keys;
        this.queue = queue;
        this.invocations = invocations;
        this.recorder = recorder;
        this.blocking = blocking;
        Submitter who = job.submitter();
        this.draft = new CallRecord(Instant.now(), TimeOrderedIds.next(), AuditCategory.JOBS, null,
                who.keyId(), null, who.keyType(), who.databaseRole(), who.userId(), METHOD, job.name(), null, null,
                CallOutcome.OK, null, null, 0, 0, 0, null, null, null, null, null);
    }

    ClaimedJob job() {
        return job;
    }

    /** The job was cancelled, or this node lost its lease: stop, and report nothing (the queue knows already). */
    void cancel() {
        cancelled = true;
        stop();
    }

    /** The key that submitted the job was revoked or expired while it ran: stop, and fail the job for good. */
    void stopForItsKey(String why) {
        keyRetired = why;
        stop();
    }

    /** This node is stopping: stop, report nothing; the job's lease is handed back for another attempt. */
    void abandon() {
        abandoned = true;
        stop();
    }

    private void stop() {
        CompletableFuture<?> builtIn = builtInRun;
        if (builtIn != null) {
            builtIn.cancel(true);
        }
        JobInvocation running = invocation;
        if (running != null) {
            running.cancel();
        }
    }

    void run() {
        String summary = "job " + job.jobId() + ", attempt " + job.attempt();
        String inactive;
        try {
            inactive = inactiveKey();
        } catch (Exception e) {
            // not knowing whether the key was revoked is no leave to run as it: this attempt fails, and is retried
            log.warn("could not check the key of {} ({}); not running it", summary, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String error = "the server could not check that the key which submitted the job ("
                    + job.submitter().keyId() + ") is still active, so the job did not run this attempt";
            JobAttemptOutcome outcome = report(() -> queue.fail(job, error));
            record(CallOutcome.ERROR, ErrorCode.INTERNAL_ERROR, summary + ": " + error
                    + (outcome == null ? "" : "; the job is " + outcome.status().wireName()), List.of());
            return;
        }
        if (inactive != null) {
            report(() -> queue.failForGood(job, inactive));
            record(CallOutcome.DENIED, ErrorCode.KEY_REVOKED, summary + ": " + inactive, List.of());
            return;
        }
        BuiltInJob builtIn = builtIns.find(job.name()).orElse(null);
        if (builtIn != null) {
            runBuiltIn(builtIn, summary);
            return;
        }
        JobInvocation running;
        try {
            running = invocations.startJob(job.submitter().caller(), draft, job.name(), payload(), this::progress);
        } catch (FunctionNotFound e) {
            String error = "job '" + job.name() + "' is no longer deployed";
            report(() -> queue.failForGood(job, error));
            record(CallOutcome.ERROR, ErrorCode.UNKNOWN_FUNCTION, summary + ": " + error, List.of());
            return;
        } catch (RuntimeException e) {
            log.error("could not start {}", summary, e);
            report(() -> queue.fail(job, "the job could not start: " + e.getMessage()));
            record(CallOutcome.ERROR, ErrorCode.INTERNAL_ERROR, summary + ": could not start", List.of());
            return;
        }
        invocation = running;
        if (cancelled || abandoned) {
            running.cancel();
        }
        FunctionResponse response = null;
        FunctionFailed failure = null;
        try {
            response = running.running().get();
        } catch (CancellationException e) {
            // cancelled or abandoned: the run is recorded below, the queue is not told
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FunctionFailed failed) {
                failure = failed;
            } else {
                failure = new FunctionFailed(FunctionFailed.Reason.INTERNAL, "the job's run failed: "
                        + e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel();
        }
        waitForProgressReports();
        FunctionInvokedEvent execution = running.ran(draft.callId(), draft.time(), response, failure);
        if (stoppedForItsKey(response == null && failure == null)) {
            failForItsKey(summary, List.of(execution));
        } else if (cancelled || abandoned || response == null && failure == null) {
            record(CallOutcome.ERROR, ErrorCode.CONFLICT, summary + ": " + (abandoned ? "stopped with the server"
                    : "cancelled"), List.of(execution));
        } else if (failure != null) {
            String error = running.masked(failure.getMessage());
            JobAttemptOutcome outcome = report(() -> queue.fail(job, error));
            record(CallOutcome.ERROR, ErrorCode.FUNCTION_FAILED, summary + " failed: " + error
                    + (outcome == null ? "" : "; the job is " + outcome.status().wireName()), List.of(execution));
        } else {
            String result = JSON.writeValueAsString(response.body());
            boolean kept = report(() -> {
                queue.succeed(job, result);
                return true;
            }) != null;
            record(kept ? CallOutcome.OK : CallOutcome.ERROR, kept ? null : ErrorCode.CONFLICT,
                    summary + (kept ? " succeeded" : ": its result came after the job was cancelled"),
                    List.of(execution));
        }
        holdTheWorkerUntilTheThreadIsDone(running);
    }

    /**
     * A run stopped in the middle of one long operation (a timeout, a cancel) has its outcome already but holds its
     * thread, and its CPU, until that operation returns: this worker takes no other job until then, so the jobs
     * running stay within {@code jobs.workers}. A node that is stopping does not wait.
     */
    private void holdTheWorkerUntilTheThreadIsDone(JobInvocation running) {
        if (abandoned) {
            return;
        }
        try {
            running.ended().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a job's thread ended with an error", e);
        }
    }

    /** A job the server brings along: the same ends as a deployed job's, without a function's execution record. */
    private void runBuiltIn(BuiltInJob builtIn, String summary) {
        CompletableFuture<Map<String, Object>> running;
        try {
            running = builtIn.run(job.submitter().caller(), payload(), this::progress);
        } catch (RuntimeException e) {
            String error = "the job could not start: " + e.getMessage();
            report(() -> queue.fail(job, error));
            record(CallOutcome.ERROR, ErrorCode.INTERNAL_ERROR, summary + ": " + error, List.of());
            return;
        }
        builtInRun = running;
        if (cancelled || abandoned) {
            running.cancel(true);
        }
        Map<String, Object> result = null;
        String error = null;
        boolean worthRetrying = true;
        try {
            result = running.get(builtIn.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            error = "the job ran past its timeout of " + builtIn.timeout().toSeconds() + " s";
        } catch (CancellationException e) {
            // cancelled or abandoned: recorded below, the queue is not told
        } catch (ExecutionException e) {
            error = e.getCause() == null ? "the job failed" : e.getCause().getMessage();
            // a refusal of the submitter's own doing (a policy, a column, a file limit) would only come again
            worthRetrying = !(e.getCause() instanceof DataAccessRefusal refusal
                    && refusal.errorCode().repeatsOnRetry());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
        }
        waitForProgressReports();
        if (stoppedForItsKey(result == null && error == null)) {
            failForItsKey(summary, List.of());
        } else if (cancelled || abandoned || result == null && error == null) {
            record(CallOutcome.ERROR, ErrorCode.CONFLICT, summary + ": " + (abandoned ? "stopped with the server"
                    : "cancelled"), List.of());
        } else if (error != null) {
            String failed = error;
            boolean retry = worthRetrying;
            JobAttemptOutcome outcome = report(() -> retry ? queue.fail(job, failed) : queue.failForGood(job, failed));
            record(CallOutcome.ERROR, ErrorCode.FUNCTION_FAILED, summary + " failed: " + error
                    + (outcome == null ? "" : "; the job is " + outcome.status().wireName()), List.of());
        } else {
            String json = JSON.writeValueAsString(result);
            boolean kept = report(() -> {
                queue.succeed(job, json);
                return true;
            }) != null;
            record(kept ? CallOutcome.OK : CallOutcome.ERROR, kept ? null : ErrorCode.CONFLICT,
                    summary + (kept ? " succeeded" : ": its result came after the job was cancelled"), List.of());
        }
    }

    /** Whether the key's retirement cut this attempt short ({@code cut}: it ended without an answer). */
    private boolean stoppedForItsKey(boolean cut) {
        return keyRetired != null && cut && !cancelled && !abandoned;
    }

    /** Such an attempt fails the job for good, as one that found the key inactive at its start does. */
    private void failForItsKey(String summary, List<?> alongside) {
        String why = Objects.requireNonNull(keyRetired);
        JobAttemptOutcome outcome = report(() -> queue.failForGood(job, why));
        record(CallOutcome.DENIED, ErrorCode.KEY_REVOKED, summary + ": stopped while running, " + why
                + (outcome == null ? "" : "; the job is " + outcome.status().wireName()), alongside);
    }

    /**
     * A job runs only while the key that submitted it may still act: revoking a key stops its queued jobs too, and,
     * asked each second by the runner, its running ones. Null when the key is active, else why not; throws when the
     * registry cannot say (an attempt about to start then fails).
     */
    @Nullable String inactiveKey() throws Exception {
        if (job.submitter().isAdmin()) {
            return null; // the server's own job (a vector backfill): no client key to revoke
        }
        String keyId = job.submitter().keyId();
        Optional<ClientKeyView> key = keys.find(new FindClientKeyQuery(keyId)).get(10, TimeUnit.SECONDS);
        KeyStatus status = key.map(found -> found.statusAt(Instant.now())).orElse(KeyStatus.REVOKED);
        return status == KeyStatus.ACTIVE ? null : "the key that submitted the job (" + keyId + ") is "
                + status.wireName() + "; a job runs only while its key is active";
    }

    private CompletableFuture<Void> progress(int percent, String message) {
        synchronized (this) {
            reported = reported.handle((ignored, failure) -> null)
                    .thenRunAsync(() -> queue.progress(job, percent, message), blocking);
            return reported;
        }
    }

    private void waitForProgressReports() {
        CompletableFuture<Void> last;
        synchronized (this) {
            last = reported;
        }
        try {
            last.handle((ignored, failure) -> null).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("progress of job {} still being reported", job.jobId());
        }
    }

    /** The aggregate refuses a report when the job was cancelled meanwhile: then null, and nothing changed. */
    private <T> @Nullable T report(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (IllegalStateException refused) {
            log.info("job {}: {}", job.jobId(), refused.getMessage());
            return null;
        }
    }

    private void record(CallOutcome outcome, @Nullable ErrorCode code, String message, List<?> alongside) {
        double durationMs = (System.nanoTime() - startNanos) / 1_000_000.0;
        try {
            recorder.record(draft.finished(outcome, code == null ? null : code.wireName(),
                    audit.recordedMessage(message), 0, 0, durationMs), alongside).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("the record of job {} attempt {} could not be written", job.jobId(), job.attempt(), e);
        }
    }

    private @Nullable Object payload() {
        return job.payloadJson() == null ? null : JSON.readValue(job.payloadJson(), Object.class);
    }
}
