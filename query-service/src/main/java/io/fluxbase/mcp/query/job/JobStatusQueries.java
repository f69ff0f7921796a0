package io.fluxbase.mcp.query.job;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.job.JobStatus;
import io.fluxbase.mcp.kernel.job.JobStatusReader;
import io.fluxbase.mcp.kernel.job.JobView;
import io.fluxbase.mcp.kernel.job.ListJobsQuery;
import io.fluxbase.mcp.kernel.job.Submitter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads the job status read model; a caller's reads are limited to its own jobs in the SQL itself. */
@Component
class JobStatusQueries implements JobStatusReader {

    private static final String JOB = """
            SELECT job_id, name, status, progress, progress_message, attempts, max_attempts, priority, result::text,
                key_id, user_id, submitted_at, run_at, started_at, finished_at, error
            FROM fluxbase.job_status""";

    private final JdbcTemplate jdbc;

    JobStatusQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<JobView> findFor(String jobId, Caller viewer) {
        UUID id = parse(jobId);
        if (id == null) {
            return Optional.empty();
        }
        // as Submitter.visibleTo: the same key, the same user, or the server's own job for a service key
        return first(jdbc.query(JOB + " WHERE job_id = ? AND (key_id = ? OR (user_id IS NOT NULL AND user_id = ?)"
                + " OR (key_id = ? AND ?))", this::job, id, viewer.keyId(), viewer.userId(), Submitter.ADMIN.keyId(),
                viewer.keyType() == KeyType.SERVICE));
    }

    @Override
    public Optional<JobView> find(String jobId) {
        UUID id = parse(jobId);
        return id == null ? Optional.empty() : first(jdbc.query(JOB + " WHERE job_id = ?", this::job, id));
    }

    @Override
    public List<JobView> list(ListJobsQuery query) {
        StringBuilder sql = new StringBuilder(JOB).append(" WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (query.status() != null) {
            sql.append(" AND status = ?");
            parameters.add(query.status().wireName());
        }
        if (query.name() != null) {
            sql.append(" AND name = ?");
            parameters.add(query.name());
        }
        if (query.since() != null) {
            sql.append(" AND submitted_at >= ?");
            parameters.add(Timestamp.from(query.since()));
        }
        sql.append(" ORDER BY submitted_at DESC, job_id LIMIT ?");
        parameters.add(query.limit());
        return jdbc.query(sql.toString(), this::job, parameters.toArray());
    }

    private JobView job(ResultSet row, int n) throws SQLException {
        UUID id = row.getObject("job_id", UUID.class);
        String userId = row.getString("user_id");
        return new JobView(id.toString(), row.getString("name"), JobStatus.parse(row.getString("status")),
                row.getInt("progress"), row.getString("progress_message"), row.getInt("attempts"),
                row.getInt("max_attempts"), row.getInt("priority"), row.getString("result"), row.getString("error"),
                row.getString("key_id"), userId == null ? null : UUID.fromString(userId),
                instant(row, "submitted_at"), instant(row, "run_at"), maybe(row, "started_at"),
                maybe(row, "finished_at"), steps(id));
    }

    private List<Map<String, @Nullable Object>> steps(UUID jobId) {
        return jdbc.query("SELECT step, at, attempt, node, detail FROM fluxbase.job_steps WHERE job_id = ?"
                + " ORDER BY seq", (row, n) -> {
                    Map<String, @Nullable Object> step = new LinkedHashMap<>();
                    step.put("step", row.getString("step"));
                    step.put("at", instant(row, "at").toString());
                    int attempt = row.getInt("attempt");
                    if (!row.wasNull()) {
                        step.put("attempt", attempt);
                    }
                    if (row.getString("node") != null) {
                        step.put("node", row.getString("node"));
                    }
                    if (row.getString("detail") != null) {
                        step.put("detail", row.getString("detail"));
                    }
                    return step;
                }, jobId);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getTimestamp(column).toInstant();
    }

    private static @Nullable Instant maybe(ResultSet row, String column) throws SQLException {
        Timestamp time = row.getTimestamp(column);
        return time == null ? null : time.toInstant();
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.stream().findFirst();
    }

    private static @Nullable UUID parse(String jobId) {
        try {
            return UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
