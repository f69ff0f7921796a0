package io.fluxbase.mcp.command.job;

import io.fluxbase.mcp.kernel.audit.ArgumentAudit;
import io.fluxbase.mcp.kernel.job.CancelJobCommand;
import io.fluxbase.mcp.kernel.job.ClaimedJob;
import io.fluxbase.mcp.kernel.job.FailJobAttemptCommand;
import io.fluxbase.mcp.kernel.job.JobAttemptOutcome;
import io.fluxbase.mcp.kernel.job.JobNotFound;
import io.fluxbase.mcp.kernel.job.JobQueue;
import io.fluxbase.mcp.kernel.job.JobStatus;
import io.fluxbase.mcp.kernel.job.ReportJobProgressCommand;
import io.fluxbase.mcp.kernel.job.RetryJobCommand;
import io.fluxbase.mcp.kernel.job.StartJobCommand;
import io.fluxbase.mcp.kernel.job.SubmitJobCommand;
import io.fluxbase.mcp.kernel.job.SubmittedJob;
import io.fluxbase.mcp.kernel.job.SucceedJobCommand;
import io.fluxbase.mcp.kernel.job.Submitter;
import io.fluxbase.mcp.kernel.job.TooManyJobs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queue table beside the job aggregate. Every change runs in one transaction: the aggregate's command (which
 * appends its event; the command bus joins the open transaction), then the queue row, then a NOTIFY that PostgreSQL
 * delivers only if all of it commits. Claims use {@code FOR UPDATE SKIP LOCKED}, so runners on several nodes never
 * take the same row.
 */
@Component
class JobQueueStore implements JobQueue {

    private static final Logger log = LoggerFactory.getLogger(JobQueueStore.class);
    private static final Duration SET_ASIDE = Duration.ofMinutes(1);

    /**
     * Taken-over leases first; then the job of the key with the fewest jobs running, so one key's jobs (however many,
     * at whatever priority) cannot keep every worker from other keys' jobs; then priority, which orders a key's own.
     */
    private static final String DUE = """
            SELECT job_id, name, payload, status, attempt, lease_owner, key_id, key_type, db_role, user_id, scopes
            FROM fluxbase.job_queue q
            WHERE (q.status = 'queued' AND q.run_at <= now()) OR (q.status = 'running' AND q.lease_until < now())
            ORDER BY q.status = 'running' DESC,
                (SELECT count(*) FROM fluxbase.job_queue r WHERE r.key_id = q.key_id AND r.status = 'running'),
                q.priority DESC, q.run_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CommandGateway commands;
    private final JobNotifications notifications;
    /** Jobs one key may have queued or running at once (jobs.max_queued_per_key). */
    private final int maxActivePerKey;
    /** What the log keeps of a failure's text (a failing statement's message quotes the row's values). */
    private final ArgumentAudit audit;

    JobQueueStore(JdbcTemplate jdbc, TransactionTemplate transaction, CommandGateway commands,
            JobNotifications notifications, @Value("${fluxbase.jobs.max-queued-per-key:1000}") int maxActivePerKey,
            @Value("${fluxbase.audit.arguments:digest}") String auditArguments) {
        this.maxActivePerKey = maxActivePerKey;
        this.audit = ArgumentAudit.parse(auditArguments);
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.commands = commands;
        this.notifications = notifications;
    }

    @Override
    public SubmittedJob submit(SubmitJobCommand command) {
        Optional<SubmittedJob> earlier = earlier(command);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            return inTransaction(() -> {
                Submitter who = command.submitter();
                if (!who.isAdmin()) {
                    limitActive(who.keyId());
                }
                commands.sendAndWait(command);
                jdbc.update("""
                        INSERT INTO fluxbase.job_queue (job_id, name, payload, priority, run_at, status, key_id,
                            key_type, db_role, user_id, scopes, idempotency_key)
                        VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)""", UUID.fromString(command.jobId()),
                        command.name(), command.payloadJson(), command.priority(), Timestamp.from(command.runAt()),
                        who.keyId(), who.keyType(), who.databaseRole(), who.userId(),
                        who.scopes().stream().sorted().toArray(String[]::new), command.idempotencyKey());
                notifications.notifyWork(jdbc);
                return new SubmittedJob(command.jobId(), command.name(), JobStatus.QUEUED, command.runAt(), true);
            });
        } catch (DuplicateKeyException raced) {
            // the same key and idempotency key, submitted at the same moment: the other submission won
            return earlier(command).orElseThrow(() -> raced);
        }
    }

    /** Submissions of one key queue one after another here, so that none slips past the count of another. */
    private void limitActive(String keyId) {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtext('fluxbase.job_queue'), hashtext(?))", row -> { }, keyId);
        Long active = jdbc.queryForObject("SELECT count(*) FROM fluxbase.job_queue WHERE key_id = ?"
                + " AND status IN ('queued', 'running')", Long.class, keyId);
        if (active != null && active >= maxActivePerKey) {
            throw new TooManyJobs(maxActivePerKey);
        }
    }

    private Optional<SubmittedJob> earlier(SubmitJobCommand command) {
        if (command.idempotencyKey() == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT job_id, name, status, run_at FROM fluxbase.job_queue"
                        + " WHERE key_id = ? AND idempotency_key = ?", (row, n) -> new SubmittedJob(
                        row.getString(1), row.getString(2), JobStatus.parse(row.getString(3)),
                        row.getTimestamp(4).toInstant(), false),
                command.submitter().keyId(), command.idempotencyKey()).stream().findFirst();
    }

    @Override
    public Optional<ClaimedJob> claim(String node, Duration lease) {
        while (true) {
            Claim claim;
            try {
                claim = inTransaction(() -> claimOne(node, lease));
            } catch (ClaimRefused refused) {
                // queue and aggregate disagree (they should not): set the row aside for a while, never spin on it
                log.error("could not claim job {}: {}; trying it again in {}", refused.jobId,
                        refused.getCause().getMessage(), SET_ASIDE);
                jdbc.update("UPDATE fluxbase.job_queue SET run_at = now() + ? * interval '1 millisecond',"
                        + " lease_until = CASE WHEN status = 'running' THEN now() + ? * interval '1 millisecond'"
                        + " END WHERE job_id = ?", SET_ASIDE.toMillis(), SET_ASIDE.toMillis(),
                        UUID.fromString(refused.jobId));
                continue;
            }
            if (claim.job() != null || !claim.tryAgain()) {
                return Optional.ofNullable(claim.job());
            }
        }
    }

    private record Claim(@Nullable ClaimedJob job, boolean tryAgain) {
    }

    /** The aggregate refused the claim of this row's job. */
    private static final class ClaimRefused extends RuntimeException {
        final String jobId;

        ClaimRefused(String jobId, IllegalStateException cause) {
            super(cause.getMessage(), cause, false, false);
            this.jobId = jobId;
        }
    }

    private Claim claimOne(String node, Duration lease) {
        List<Row> due = jdbc.query(DUE, JobQueueStore::row);
        if (due.isEmpty()) {
            return new Claim(null, false);
        }
        Row row = due.getFirst();
        try {
            return claim(row, node, lease);
        } catch (IllegalStateException refused) {
            throw new ClaimRefused(row.jobId(), refused);
        }
    }

    private Claim claim(Row row, String node, Duration lease) {
        if (row.status().equals("running")) {
            // its node stopped renewing the lease: that attempt is over, and the next (if any) may start at once
            JobAttemptOutcome outcome = commands.sendAndWait(new FailJobAttemptCommand(row.jobId(), row.attempt(),
                    "the node running attempt " + row.attempt() + " (" + row.leaseOwner() + ") stopped; its lease"
                            + " expired", FailJobAttemptCommand.Retry.AT_ONCE));
            if (outcome.status() == JobStatus.FAILED) {
                jdbc.update("UPDATE fluxbase.job_queue SET status = 'failed', lease_owner = NULL, lease_until = NULL"
                        + " WHERE job_id = ?", UUID.fromString(row.jobId()));
                return new Claim(null, true);
            }
        }
        int attempt = row.attempt() + 1;
        commands.sendAndWait(new StartJobCommand(row.jobId(), node, attempt));
        jdbc.update("UPDATE fluxbase.job_queue SET status = 'running', attempt = ?, lease_owner = ?,"
                + " lease_until = now() + ? * interval '1 millisecond' WHERE job_id = ?", attempt, node,
                lease.toMillis(), UUID.fromString(row.jobId()));
        return new Claim(new ClaimedJob(row.jobId(), row.name(), row.payload(), attempt, row.submitter(), node),
                false);
    }

    @Override
    public boolean renew(ClaimedJob job, Duration lease) {
        return jdbc.update("UPDATE fluxbase.job_queue SET lease_until = now() + ? * interval '1 millisecond'"
                + " WHERE job_id = ? AND status = 'running' AND attempt = ? AND lease_owner = ?", lease.toMillis(),
                UUID.fromString(job.jobId()), job.attempt(), job.node()) == 1;
    }

    @Override
    public void progress(ClaimedJob job, int percent, String message) {
        commands.sendAndWait(new ReportJobProgressCommand(job.jobId(), job.attempt(), percent, message));
    }

    @Override
    public void succeed(ClaimedJob job, @Nullable String resultJson) {
        inTransaction(() -> {
            commands.sendAndWait(new SucceedJobCommand(job.jobId(), job.attempt(), resultJson));
            return jdbc.update("UPDATE fluxbase.job_queue SET status = 'succeeded', lease_owner = NULL,"
                    + " lease_until = NULL WHERE job_id = ?", UUID.fromString(job.jobId()));
        });
    }

    @Override
    public JobAttemptOutcome fail(ClaimedJob job, String error) {
        return failed(job, error, FailJobAttemptCommand.Retry.AFTER_BACKOFF);
    }

    @Override
    public JobAttemptOutcome failForGood(ClaimedJob job, String error) {
        return failed(job, error, FailJobAttemptCommand.Retry.NEVER);
    }

    private JobAttemptOutcome failed(ClaimedJob job, String error, FailJobAttemptCommand.Retry retry) {
        return inTransaction(() -> {
            JobAttemptOutcome outcome = commands.sendAndWait(new FailJobAttemptCommand(job.jobId(), job.attempt(),
                    audit.recordedMessage(error), retry));
            jdbc.update("UPDATE fluxbase.job_queue SET status = ?, run_at = coalesce(?, run_at), lease_owner = NULL,"
                    + " lease_until = NULL WHERE job_id = ?", outcome.status().wireName(),
                    outcome.retryAt() == null ? null : Timestamp.from(outcome.retryAt()),
                    UUID.fromString(job.jobId()));
            if (outcome.status() == JobStatus.QUEUED) {
                notifications.notifyWork(jdbc); // so sleeping runners learn when the retry is due
            }
            return outcome;
        });
    }

    @Override
    public JobStatus cancel(String jobId) {
        UUID id = existing(jobId);
        return inTransaction(() -> {
            JobStatus was = commands.sendAndWait(new CancelJobCommand(jobId));
            jdbc.update("UPDATE fluxbase.job_queue SET status = 'cancelled', lease_owner = NULL, lease_until = NULL"
                    + " WHERE job_id = ?", id);
            notifications.notifyCancelled(jdbc, jobId);
            return was;
        });
    }

    @Override
    public void retry(String jobId) {
        UUID id = existing(jobId);
        inTransaction(() -> {
            commands.sendAndWait(new RetryJobCommand(jobId));
            jdbc.update("UPDATE fluxbase.job_queue SET status = 'queued', run_at = now() WHERE job_id = ?", id);
            notifications.notifyWork(jdbc);
            return null;
        });
    }

    @Override
    public Optional<Instant> nextDue() {
        Timestamp next = jdbc.queryForObject("""
                SELECT least((SELECT min(run_at) FROM fluxbase.job_queue WHERE status = 'queued'),
                             (SELECT min(lease_until) FROM fluxbase.job_queue WHERE status = 'running'))""",
                Timestamp.class);
        return Optional.ofNullable(next).map(Timestamp::toInstant);
    }

    @Override
    public void listen(JobSignals signals) {
        notifications.listen(signals);
    }

    @Override
    public void releaseLeases(String node) {
        if (jdbc.update("UPDATE fluxbase.job_queue SET lease_until = now() WHERE status = 'running'"
                + " AND lease_owner = ?", node) > 0) {
            jdbc.execute("NOTIFY " + JobNotifications.CHANNEL + ", 'work'");
        }
    }

    @Override
    public boolean exists(String jobId) {
        return parse(jobId) != null && Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM fluxbase.job_queue WHERE job_id = ?)", Boolean.class, parse(jobId)));
    }

    @Override
    public boolean isCancelled(String jobId) {
        return parse(jobId) != null && Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM"
                + " fluxbase.job_queue WHERE job_id = ? AND status = 'cancelled')", Boolean.class, parse(jobId)));
    }

    private UUID existing(String jobId) {
        if (!exists(jobId)) {
            throw new JobNotFound(jobId);
        }
        return UUID.fromString(jobId);
    }

    private static @Nullable UUID parse(String jobId) {
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return transaction.execute(status -> work.get());
    }

    private record Row(String jobId, String name, @Nullable String payload, String status, int attempt,
            @Nullable String leaseOwner, Submitter submitter) {
    }

    private static Row row(ResultSet row, int n) throws SQLException {
        String userId = row.getString("user_id");
        Submitter submitter = new Submitter(row.getString("key_id"), row.getString("key_type"),
                row.getString("db_role"), userId == null ? null : UUID.fromString(userId),
                Set.of((String[]) row.getArray("scopes").getArray()));
        return new Row(row.getString("job_id"), row.getString("name"), row.getString("payload"),
                row.getString("status"), row.getInt("attempt"), row.getString("lease_owner"), submitter);
    }
}
