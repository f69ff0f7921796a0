package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.blocking.BlockingWork;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.job.JobNotFound;
import io.fluxbase.mcp.kernel.job.JobStatusReader;
import io.fluxbase.mcp.kernel.job.JobView;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * get_job_status: where a job is, from the job status read model. A key sees the jobs it submitted (a user-bound key
 * also those of its user's other keys); any other id reads "not found", so it reveals nothing.
 */
@Component
class GetJobStatusTool implements McpTool {

    private final JobStatusReader jobs;
    private final BlockingWork blocking;

    GetJobStatusTool(JobStatusReader jobs, BlockingWork blocking) {
        this.jobs = jobs;
        this.blocking = blocking;
    }

    @Override
    public String name() {
        return "get_job_status";
    }

    @Override
    public Scope requiredScope() {
        return Scope.EXECUTE_JOBS;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Check a background job")
                .description("Status of a job this key submitted (queued, running, succeeded, failed, cancelled),"
                        + " its progress and message, attempts, its result or error, and when each step happened.")
                .inputSchema(Map.of("type", "object",
                        "properties", Map.of("job_id", Map.of("type", "string", "description",
                                "The job_id submit_job returned")),
                        "required", List.of("job_id"), "additionalProperties", false))
                .outputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "job_id", Map.of("type", "string"),
                                "name", Map.of("type", "string"),
                                "status", Map.of("type", "string", "enum", List.of("queued", "running", "succeeded",
                                        "failed", "cancelled")),
                                "progress", Map.of("type", "integer"),
                                "attempts", Map.of("type", "integer"),
                                "result", Map.of(),
                                "steps", Map.of("type", "array")),
                        "required", List.of("job_id", "name", "status", "progress", "attempts", "steps")))
                .annotations(new McpSchema.ToolAnnotations("Check a background job", true, false, true, false,
                        null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        String jobId;
        try {
            jobId = new ToolArguments(arguments).requiredString("job_id");
        } catch (IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        return blocking.call(() -> find(jobId, call.principal().caller()))
                .publishOn(call.home())
                .map(found -> found.map(GetJobStatusTool::rendered).orElseGet(() -> ToolResults.error(call,
                        ErrorCode.NOT_FOUND, "job_id: " + JobNotFound.MESSAGE.formatted(jobId))));
    }

    private Optional<JobView> find(String jobId, Caller caller) throws InterruptedException {
        return JobCatchUp.find(() -> jobs.findFor(jobId, caller), () -> jobs.queuedFor(jobId, caller));
    }

    static McpSchema.CallToolResult rendered(JobView job) {
        return ToolResults.structured(shown(job));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> shown(JobView job) {
        Object result = Optional.ofNullable(job.resultJson()).map(ToolResults::value).orElse(null);
        return (Map<String, Object>) (Map<?, ?>) job.shown(result);
    }
}
