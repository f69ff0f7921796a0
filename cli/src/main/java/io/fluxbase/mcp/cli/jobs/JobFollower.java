package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.Sleeper;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputFormat;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code jobs get ID --follow}: asks the admin API for the job every {@link #EVERY} and prints a line each time its
 * status, progress, message or attempt changed, until the job has ended; the whole job as one JSON object per change
 * with {@code -o json}. {@code vectors enable --wait} follows its backfill job with it too.
 */
public final class JobFollower {

    static final Duration EVERY = Duration.ofMillis(500);
    static final Set<String> ENDED = Set.of("succeeded", "failed", "cancelled");

    private final AdminApiClient api;
    private final Sleeper sleeper;

    public JobFollower(AdminApiClient api, Sleeper sleeper) {
        this.api = api;
        this.sleeper = sleeper;
    }

    /** Returns the status the job ended with. */
    public String follow(String id, OutputFormat format, PrintWriter out) throws InterruptedException {
        String last = null;
        while (true) {
            JsonNode job = api.get(JobsCli.path(id));
            String state = String.join("\u0000", Objects.toString(CliJson.text(job, "status")),
                    Objects.toString(CliJson.text(job, "progress")),
                    Objects.toString(CliJson.text(job, "progress_message")),
                    Objects.toString(CliJson.text(job, "attempts")));
            if (!state.equals(last)) {
                out.println(format == OutputFormat.JSON ? CliJson.compact(job) : line(job));
                out.flush();
                last = state;
            }
            String status = CliJson.text(job, "status");
            if (status != null && ENDED.contains(status)) {
                return status;
            }
            sleeper.sleep(EVERY);
        }
    }

    /** e.g. {@code running 50% half way (attempt 1/3)}, and at the end the result or the error. */
    static String line(JsonNode job) {
        String message = CliJson.text(job, "progress_message");
        JsonNode result = job.get("result");
        String error = CliJson.text(job, "error");
        String status = CliJson.text(job, "status");
        return status + " " + CliJson.text(job, "progress") + "%" + optional(" ", message)
                + " (attempt " + CliJson.text(job, "attempts") + "/" + CliJson.text(job, "max_attempts") + ")"
                + ("succeeded".equals(status) && result != null && !result.isNull()
                        ? ": " + CliJson.compact(result) : "")
                + (ENDED.contains(Objects.toString(status)) && !"succeeded".equals(status) ? optional(": ", error)
                        : "");
    }

    private static String optional(String prefix, @Nullable String value) {
        return value == null || value.isEmpty() ? "" : prefix + value;
    }
}
