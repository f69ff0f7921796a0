package io.fluxbase.mcp.query.job;

import static io.fluxbase.mcp.query.readmodel.StorableText.name;
import static io.fluxbase.mcp.query.readmodel.StorableText.text;
import static io.fluxbase.mcp.query.readmodel.StorableText.whole;

import io.fluxbase.mcp.kernel.job.JobCancelledEvent;
import io.fluxbase.mcp.kernel.job.JobFailedEvent;
import io.fluxbase.mcp.kernel.job.JobProgressedEvent;
import io.fluxbase.mcp.kernel.job.JobRetryScheduledEvent;
import io.fluxbase.mcp.kernel.job.JobStartedEvent;
import io.fluxbase.mcp.kernel.job.JobSubmittedEvent;
import io.fluxbase.mcp.kernel.job.JobSucceededEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code fluxbase.job_status} and {@code fluxbase.job_steps} from the job events. Each update applies only if
 * the event is newer than the last one the row took ({@code last_seq}, the event's number in its job's stream), and
 * each step is keyed by that number, so events delivered twice change nothing.
 */
@Component
@ProcessingGroup(JobStatusProjection.GROUP)
class JobStatusProjection {

    static final String GROUP = "job-status";

    private static final String NEWER = " WHERE job_id = ? AND last_seq < ?";

    private final JdbcTemplate jdbc;

    JobStatusProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(JobSubmittedEvent event, @SequenceNumber long seq) {
        UUID id = UUID.fromString(event.jobId());
        jdbc.update("""
                INSERT INTO fluxbase.job_status (job_id, name, status, max_attempts, priority, key_id, user_id,
                    submitted_at, run_at, last_seq)
                VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", id, name(event.name()), event.maxAttempts(), event.priority(),
                event.submitter().keyId(), event.submitter().userId(), ts(event.at()), ts(event.runAt()), seq);
        step(id, seq, "submitted", event.at(), null, null, null);
    }

    @EventHandler
    void on(JobStartedEvent event, @SequenceNumber long seq) {
        update(event.jobId(), seq, "status = 'running', attempts = ?, started_at = ?, progress = 0,"
                + " progress_message = NULL", event.attempt(), ts(event.at()));
        step(UUID.fromString(event.jobId()), seq, "started", event.at(), event.attempt(), name(event.node()), null);
    }

    @EventHandler
    void on(JobProgressedEvent event, @SequenceNumber long seq) {
        update(event.jobId(), seq, "progress = ?, progress_message = ?", event.percent(), text(event.message()));
    }

    @EventHandler
    void on(JobSucceededEvent event, @SequenceNumber long seq) {
        update(event.jobId(), seq, "status = 'succeeded', progress = 100, result = ?::jsonb, error = NULL,"
                + " finished_at = ?", whole(event.resultJson()), ts(event.at()));
        step(UUID.fromString(event.jobId()), seq, "succeeded", event.at(), event.attempt(), null, null);
    }

    @EventHandler
    void on(JobRetryScheduledEvent event, @SequenceNumber long seq) {
        update(event.jobId(), seq, "status = 'queued', error = coalesce(?, error), run_at = ?, max_attempts = ?,"
                + " finished_at = NULL", text(event.error()), ts(event.retryAt()), event.maxAttempts());
        step(UUID.fromString(event.jobId()), seq, "retry_scheduled", event.at(), event.attempt(), null,
                text(event.error() == null ? "retried by an operator" : event.error()));
    }

    @EventHandler
    void on(JobFailedEvent event, @SequenceNumber long seq) {
        update(event.jobId(), seq, "status = 'failed', error = ?, finished_at = ?", text(event.error()),
                ts(event.at()));
        step(UUID.fromString(event.jobId()), seq, "failed", event.at(), event.attempt(), null, text(event.error()));
    }

    @EventHandler
    void on(JobCancelledEvent event, @SequenceNumber long seq) {
        update(event.jobId(), seq, "status = 'cancelled', finished_at = ?", ts(event.at()));
        step(UUID.fromString(event.jobId()), seq, "cancelled", event.at(), null, null,
                event.wasRunning() ? "while running" : "while queued");
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM fluxbase.job_steps");
        jdbc.update("DELETE FROM fluxbase.job_status");
    }

    private void update(String jobId, long seq, String set, @Nullable Object... values) {
        Object[] parameters = new Object[values.length + 3];
        System.arraycopy(values, 0, parameters, 0, values.length);
        parameters[values.length] = seq;
        parameters[values.length + 1] = UUID.fromString(jobId);
        parameters[values.length + 2] = seq;
        jdbc.update("UPDATE fluxbase.job_status SET " + set + ", last_seq = ?" + NEWER, parameters);
    }

    private void step(UUID jobId, long seq, String step, Instant at, @Nullable Integer attempt, @Nullable String node,
            @Nullable String detail) {
        jdbc.update("INSERT INTO fluxbase.job_steps (job_id, seq, step, at, attempt, node, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", jobId, seq, step, ts(at), attempt, node,
                detail);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
