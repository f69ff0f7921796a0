package io.fluxbase.mcp.kernel.function;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The live version of a function, as invoke_function runs it and the resources and the CLI show it. {@code job} is
 * set for a function deployed as a job, which submit_job runs instead.
 */
public record DeployedFunction(String name, int version, String sha256, String description, Duration timeout,
        @Nullable String inputSchema, String source, Instant deployedAt, @Nullable JobDefinition job) {

    /** What it runs as; responses are capped at {@code maxResponseBytes}. */
    public FunctionCode code(long maxResponseBytes) {
        return new FunctionCode(name, version, sha256, source, timeout, maxResponseBytes);
    }

    /** The one JSON shape of a function for the admin API and the resources; the source is not part of it. */
    public Map<String, @Nullable Object> shown(@Nullable Object parsedInputSchema) {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("version", version);
        view.put("sha256", sha256);
        view.put("description", description);
        view.put("timeout_ms", timeout.toMillis());
        view.put("input_schema", parsedInputSchema);
        view.put("deployed_at", deployedAt.toString());
        if (job != null) {
            view.put("job", Map.of("max_attempts", job.maxAttempts(), "backoff_ms", job.backoff().toMillis()));
        }
        return view;
    }
}
