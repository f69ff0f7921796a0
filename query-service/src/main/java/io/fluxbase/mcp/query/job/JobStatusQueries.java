package io.fluxbase.mcp.query.job;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.caller.LogGateKey;
import io.fluxbase.mcp.kernel.job.JobStatus;
import io.fluxbase.mcp.kernel.job.JobStatusReader;
import io.fluxbase.mcp.kernel.job.JobView;
import io.fluxbase.mcp.kernel.job.ListJobsQuery;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcCallerTransaction;
import io.fluxbase.mcp.query.db.R2dbcValues;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Reads the job status read model, a job with its steps as a row per step ({@code fluxbase.job_status_steps}). A
 * caller's question runs in the caller's transaction, under its role and claims, through the gate functions that
 * answer only for a job those claims may see ({@code fluxbase_gate.job_status} and {@code job_queued}, the rule of
 * {@code fluxbase.job_visible}); the operator's reads run on the server's pool.
 */
@Component
class JobStatusQueries implements JobStatusReader {

    private static final String VISIBLE_JOB = "SELECT * FROM fluxbase_gate.job_status($1, CAST($2 AS uuid))";
    private static final String QUEUED_JOB = "SELECT fluxbase_gate.job_queued($1, CAST($2 AS uuid))";

    private final DatabaseClient db;
    private final R2dbcCallerTransaction transaction;
    private final LogGateKey gate;

    JobStatusQueries(DatabaseClient db, R2dbcCallerTransaction transaction, LogGateKey gate) {
        this.db = db;
        this.transaction = transaction;
        this.gate = gate;
    }

    @Override
    public Optional<JobView> findFor(String jobId, Caller viewer) {
        return first(askTheGate(VISIBLE_JOB, jobId, viewer, JobStatusQueries::row));
    }

    @Override
    public boolean queuedFor(String jobId, Caller viewer) {
        return askTheGate(QUEUED_JOB, jobId, viewer, row -> row.get(0, Boolean.class)).contains(Boolean.TRUE);
    }

    /** A gate function's rows for the job, asked in the viewer's transaction; none for an id that is no UUID. */
    private <T> List<T> askTheGate(String gateSql, String jobId, Caller viewer, Function<Readable, T> mapping) {
        UUID id = parse(jobId);
        if (id == null) {
            return List.of();
        }
        BoundSql sql = new BoundSql(gateSql, List.of(gate.value(), id.toString()));
        return Conversations.toFuture(transaction.runStatement(viewer,
                connection -> R2dbcCallerTransaction.bind(connection, sql), mapping)).join();
    }

    @Override
    public Optional<JobView> find(String jobId) {
        UUID id = parse(jobId);
        if (id == null) {
            return Optional.empty();
        }
        return first(Conversations.toFuture(db.sql("SELECT * FROM fluxbase.job_status_steps WHERE job_id = $1"
                        + " ORDER BY seq")
                .bind(0, id)
                .map(JobStatusQueries::row)
                .all()
                .collectList()).join());
    }

    /** Optional filters are bound as nulls and switched off in SQL, so the statement text never varies. */
    @Override
    public List<JobView> list(ListJobsQuery query) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        SELECT * FROM fluxbase.job_status_steps WHERE job_id IN (
                            SELECT job_id FROM fluxbase.job_status
                            WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR name = $2)
                              AND ($3::timestamptz IS NULL OR submitted_at >= $3)
                            ORDER BY submitted_at DESC, job_id LIMIT $4)
                        ORDER BY submitted_at DESC, job_id, seq""")
                .bind(3, query.limit());
        spec = R2dbcValues.bindText(spec, 0, query.status() == null ? null : query.status().wireName());
        spec = R2dbcValues.bindText(spec, 1, query.name());
        spec = R2dbcValues.bindTime(spec, 2, query.since());
        return jobs(Conversations.toFuture(spec.map(JobStatusQueries::row).all().collectList()).join());
    }

    /** One row of the view: the job, and one step of it (none for a job without steps yet). */
    private record JobRow(JobView job, @Nullable Map<String, @Nullable Object> step) {
    }

    private static JobRow row(Readable row) {
        UUID id = row.get("job_id", UUID.class);
        JobView job = new JobView(id.toString(), row.get("name", String.class),
                JobStatus.parse(row.get("status", String.class)), number(row, "progress"),
                row.get("progress_message", String.class), number(row, "attempts"), number(row, "max_attempts"),
                number(row, "priority"), row.get("result", String.class), row.get("error", String.class),
                row.get("key_id", String.class), row.get("user_id", UUID.class),
                R2dbcValues.time(row, "submitted_at"), R2dbcValues.time(row, "run_at"),
                R2dbcValues.optionalTime(row, "started_at"), R2dbcValues.optionalTime(row, "finished_at"), List.of());
        String name = row.get("step", String.class);
        if (name == null) {
            return new JobRow(job, null);
        }
        Map<String, @Nullable Object> step = new LinkedHashMap<>();
        step.put("step", name);
        step.put("at", R2dbcValues.time(row, "step_at").toString());
        Integer attempt = row.get("step_attempt", Integer.class);
        if (attempt != null) {
            step.put("attempt", attempt);
        }
        String node = row.get("step_node", String.class);
        if (node != null) {
            step.put("node", node);
        }
        String detail = row.get("step_detail", String.class);
        if (detail != null) {
            step.put("detail", detail);
        }
        return new JobRow(job, step);
    }

    /** Rows in job order, each job's steps together, folded into one view per job. */
    private static List<JobView> jobs(List<JobRow> rows) {
        List<JobView> jobs = new ArrayList<>();
        List<Map<String, @Nullable Object>> steps = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JobRow row = rows.get(i);
            if (row.step() != null) {
                steps.add(row.step());
            }
            if (i + 1 == rows.size() || !rows.get(i + 1).job().jobId().equals(row.job().jobId())) {
                jobs.add(row.job().withSteps(steps));
                steps = new ArrayList<>();
            }
        }
        return jobs;
    }

    private static Optional<JobView> first(List<JobRow> rows) {
        return jobs(rows).stream().findFirst();
    }

    private static int number(Readable row, String column) {
        return row.get(column, Integer.class);
    }

    private static @Nullable UUID parse(String jobId) {
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
