package io.fluxbase.mcp.kernel.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A job as get_job_status, the admin API and the CLI show it, from the job status read model.
 *
 * @param resultJson the job's result as JSON text, or null
 * @param steps  each step of the lifecycle in order: {@code {step, at, attempt?, node?, detail?}}
 */
public record JobView(String jobId, String name, JobStatus status, int progress, @Nullable String progressMessage,
        int attempts, int maxAttempts, int priority, @Nullable String resultJson, @Nullable String error,
        String keyId, @Nullable UUID userId, Instant submittedAt, Instant runAt, @Nullable Instant startedAt,
        @Nullable Instant finishedAt, List<Map<String, @Nullable Object>> steps) {

    /** The same job with its lifecycle's steps. */
    public JobView withSteps(List<Map<String, @Nullable Object>> lifecycle) {
        return new JobView(jobId, name, status, progress, progressMessage, attempts, maxAttempts, priority, resultJson,
                error, keyId, userId, submittedAt, runAt, startedAt, finishedAt, lifecycle);
    }

    /** The one JSON shape of a job; {@code parsedResult} is {@link #resultJson()} parsed by the caller. */
    public Map<String, @Nullable Object> shown(@Nullable Object parsedResult) {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("job_id", jobId);
        view.put("name", name);
        view.put("status", status.wireName());
        view.put("progress", progress);
        view.put("progress_message", progressMessage);
        view.put("attempts", attempts);
        view.put("max_attempts", maxAttempts);
        view.put("priority", priority);
        view.put("result", parsedResult);
        view.put("error", error);
        view.put("key_id", keyId);
        view.put("user_id", userId == null ? null : userId.toString());
        view.put("submitted_at", submittedAt.toString());
        view.put("run_at", runAt.toString());
        view.put("started_at", startedAt == null ? null : startedAt.toString());
        view.put("finished_at", finishedAt == null ? null : finishedAt.toString());
        view.put("steps", steps);
        return view;
    }
}
