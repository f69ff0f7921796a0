package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.blocking.BlockingWork;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.job.SubmittedJob;
import io.fluxbase.mcp.kernel.job.TooManyJobs;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * submit_job: queues a background job by name; any node's runner runs it under this key's role. With an
 * idempotency key, submitting again returns the job the first submission made.
 */
@Component
class SubmitJobTool implements McpTool {

    private final JobSubmissions submissions;
    private final BlockingWork blocking;

    SubmitJobTool(JobSubmissions submissions, BlockingWork blocking) {
        this.submissions = submissions;
        this.blocking = blocking;
    }

    @Override
    public String name() {
        return "submit_job";
    }

    @Override
    public Scope requiredScope() {
        return Scope.EXECUTE_JOBS;
    }

    @Override
    public McpSchema.Tool definition() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", Map.of("type", "string", "description", "The job's name: a deployed job, or the"
                + " built-in export_table"));
        properties.put("payload", Map.of("description", "What the job receives: any JSON value (its input schema"
                + " may require a shape)"));
        properties.put("priority", Map.of("type", "integer", "description",
                "Among this key's jobs, higher runs first (default 0)"));
        properties.put("run_at", Map.of("type", "string", "format", "date-time", "description",
                "Start no earlier than this time (ISO 8601), at most a year ahead"));
        properties.put("delay_seconds", Map.of("type", "integer", "minimum", 0, "description",
                "Start after this many seconds; instead of run_at"));
        properties.put("idempotency_key", Map.of("type", "string", "description", "Submitting again with the same"
                + " key returns the same job instead of a new one"));
        return McpSchema.Tool.builder()
                .name(name())
                .title("Start a background job")
                .description("Queue a background job by name with a JSON payload. It runs on the server with this"
                        + " key's rights (row-level security applies), is retried on failure as the job defines,"
                        + " and reports progress. Returns the job_id to pass to get_job_status. Built in:"
                        + " export_table, payload {table, select?, filter?, order? (as query_table), format? (csv"
                        + " or jsonl), bucket, path, upsert?}, writes the rows this key sees to a storage file.")
                .inputSchema(Map.of("type", "object", "properties", properties, "required", List.of("name"),
                        "additionalProperties", false))
                .outputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "job_id", Map.of("type", "string"),
                                "name", Map.of("type", "string"),
                                "status", Map.of("type", "string"),
                                "run_at", Map.of("type", "string"),
                                "created", Map.of("type", "boolean")),
                        "required", List.of("job_id", "name", "status", "run_at", "created")))
                .annotations(new McpSchema.ToolAnnotations("Start a background job", false, false, false, true,
                        null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        JobSubmissions.Request request;
        try {
            request = JobSubmissions.read(arguments, Instant.now());
        } catch (IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        return blocking.call(() -> submissions.submit(call.principal().caller(), request))
                .publishOn(call.home())
                .map(SubmitJobTool::rendered)
                .onErrorResume(JobSubmissions.UnknownJob.class, e -> Mono.just(ToolResults.error(call,
                        ErrorCode.UNKNOWN_FUNCTION, e.getMessage())))
                .onErrorResume(TooManyJobs.class, e -> Mono.just(ToolResults.error(call, ErrorCode.BUSY,
                        e.getMessage())))
                .onErrorResume(IllegalArgumentException.class, e -> Mono.just(ToolResults.invalid(call,
                        e.getMessage())));
    }

    private static McpSchema.CallToolResult rendered(SubmittedJob job) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("job_id", job.jobId());
        content.put("name", job.name());
        content.put("status", job.status().wireName());
        content.put("run_at", job.runAt().toString());
        content.put("created", job.created());
        return ToolResults.structured(content);
    }
}
