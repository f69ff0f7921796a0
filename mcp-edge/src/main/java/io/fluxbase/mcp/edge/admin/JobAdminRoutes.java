package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.tool.JobCatchUp;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.job.JobNotFound;
import io.fluxbase.mcp.kernel.job.JobQueue;
import io.fluxbase.mcp.kernel.job.JobStatus;
import io.fluxbase.mcp.kernel.job.JobStatusReader;
import io.fluxbase.mcp.kernel.job.JobView;
import io.fluxbase.mcp.kernel.job.ListJobsQuery;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The admin API's jobs: list (newest first, by status, name and time), get one, cancel, retry. Reads come from the
 * job status read model; cancel and retry are commands on the job (a refused transition is a 409 that says why).
 */
@Configuration(proxyBeanMethods = false)
class JobAdminRoutes {

    static final String BASE = "/admin/v1/jobs";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final AdminRequests requests;
    private final JobStatusReader jobs;
    private final JobQueue queue;

    JobAdminRoutes(AdminRequests requests, JobStatusReader jobs, JobQueue queue) {
        this.requests = requests;
        this.jobs = jobs;
        this.queue = queue;
    }

    @Bean
    RouterFunction<ServerResponse> jobAdminApi() {
        return RouterFunctions.route()
                .GET(BASE, requests.guarded(this::list))
                .GET(BASE + "/{id}", requests.guarded(request -> found(requests.blocking(() ->
                        shown(JobCatchUp.find(() -> jobs.find(id(request)), () -> queue.exists(id(request)))
                                .orElseThrow(() -> new JobNotFound(id(request))))))
                        .flatMap(AdminRequests::ok)))
                .POST(BASE + "/{id}/cancel", requests.guarded(request -> requests.made(request, "jobs.cancel",
                                id(request), found(requests.blocking(() -> queue.cancel(id(request)))))
                        .flatMap(was -> AdminRequests.ok(Map.of("job_id", id(request), "status", "cancelled",
                                "was", was.wireName())))))
                .POST(BASE + "/{id}/retry", requests.guarded(request -> requests.made(request, "jobs.retry",
                                id(request), found(requests.blocking(() -> {
                                    queue.retry(id(request));
                                    return id(request);
                                })))
                        .flatMap(id -> AdminRequests.ok(Map.of("job_id", id, "status", "queued")))))
                .build();
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        String status = request.queryParam("status").orElse(null);
        String since = request.queryParam("since").orElse(null);
        ListJobsQuery query = new ListJobsQuery(status == null ? null : JobStatus.parse(status),
                request.queryParam("name").orElse(null),
                since == null ? null : TimeSpec.pointInPast(since, Instant.now(), "since"),
                AdminRequests.limit(request, DEFAULT_LIMIT, MAX_LIMIT));
        return requests.blocking(() -> jobs.list(query).stream().map(JobAdminRoutes::shown).toList())
                .flatMap(list -> AdminRequests.ok(Map.of("jobs", list)));
    }

    private static String id(ServerRequest request) {
        return request.pathVariable("id");
    }

    static Map<String, @Nullable Object> shown(JobView job) {
        return job.shown(job.resultJson() == null ? null : AdminRequests.JSON.readValue(job.resultJson(),
                Object.class));
    }

    private static <T> Mono<T> found(Mono<T> work) {
        return work.onErrorMap(JobNotFound.class, e -> new AdminError(ErrorCode.NOT_FOUND, e.getMessage()));
    }
}
