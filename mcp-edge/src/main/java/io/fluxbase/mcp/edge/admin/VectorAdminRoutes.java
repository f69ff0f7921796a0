package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.tool.VectorBackfillJob;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.job.JobQueue;
import io.fluxbase.mcp.kernel.job.SubmitJobCommand;
import io.fluxbase.mcp.kernel.job.Submitter;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.vector.EnableVectorIndexCommand;
import io.fluxbase.mcp.kernel.vector.TextTemplate;
import io.fluxbase.mcp.kernel.vector.VectorCandidates;
import io.fluxbase.mcp.kernel.vector.VectorIndexNotFound;
import io.fluxbase.mcp.kernel.vector.VectorIndexView;
import io.fluxbase.mcp.kernel.vector.VectorIndexes;
import io.fluxbase.mcp.kernel.vector.VectorMetric;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The admin API's vector search: enable a table (then its existing rows are embedded by a {@code vector_backfill}
 * job, whose id the answer names as {@code backfill_job_id}), list, one table's status (rows embedded, pending, last
 * error) and disable. Each change is an event in the command log.
 */
@Configuration(proxyBeanMethods = false)
class VectorAdminRoutes {

    private static final String BASE = "/admin/v1/vectors";

    private final AdminRequests requests;
    private final VectorIndexes indexes;
    private final JobQueue jobs;
    private final VectorBackfillJob backfill;
    private final VectorCandidates candidates;

    VectorAdminRoutes(AdminRequests requests, VectorIndexes indexes, VectorCandidates candidates, JobQueue jobs,
            VectorBackfillJob backfill) {
        this.requests = requests;
        this.candidates = candidates;
        this.indexes = indexes;
        this.jobs = jobs;
        this.backfill = backfill;
    }

    @Bean
    RouterFunction<ServerResponse> vectorAdminApi() {
        return RouterFunctions.route()
                .POST(BASE, requests.guarded(this::enable))
                .GET(BASE, requests.guarded(request -> requests.blocking(indexes::list)
                        .flatMap(list -> AdminRequests.ok(Map.of("indexes", list.stream().map(VectorIndexView::shown)
                                .toList())))))
                .GET(BASE + "/{table}", requests.guarded(request -> found(requests.blocking(() ->
                        indexes.status(request.pathVariable("table")))).flatMap(view -> {
                            Map<String, Object> shown = view.shown();
                            shown.put("search", candidates.search(view.table()));
                            return AdminRequests.ok(shown);
                        })))
                .DELETE(BASE + "/{table}", requests.guarded(request -> {
                    String table = TableRef.parse(request.pathVariable("table")).displayName();
                    return requests.made(request, "vectors.disable", table, found(requests.blocking(() -> {
                        indexes.disable(table);
                        return table;
                    }))).flatMap(disabled -> AdminRequests.ok(Map.of("table", disabled, "disabled", true)));
                }))
                .build();
    }

    private Mono<ServerResponse> enable(ServerRequest request) {
        return AdminRequests.body(request).flatMap(body -> {
            String table = AdminRequests.text(body, "table");
            if (table == null || table.isBlank()) {
                throw new IllegalArgumentException("table: required; name the table to make searchable, e.g. docs");
            }
            String model = AdminRequests.text(body, "model");
            String metric = AdminRequests.text(body, "metric");
            EnableVectorIndexCommand command = new EnableVectorIndexCommand(TableRef.parse(table),
                    TextTemplate.of(AdminRequests.text(body, "column"), AdminRequests.text(body, "template")),
                    model == null ? indexes.models().getFirst() : model,
                    metric == null ? VectorMetric.COSINE : VectorMetric.parse(metric, "metric"));
            return requests.made(request, "vectors.enable", command.table().displayName(), requests.blocking(() -> {
                VectorIndexView view = indexes.enable(command);
                Map<String, Object> shown = new LinkedHashMap<>(view.shown());
                shown.put("backfill_job_id", submitBackfill(view.table()));
                return shown;
            })).flatMap(AdminRequests::ok);
        });
    }

    /** The server's own job, so it runs whatever key exists; returns its id. */
    private String submitBackfill(String table) {
        String payload = AdminRequests.JSON.writeValueAsString(VectorBackfillJob.payload(table));
        return jobs.submit(new SubmitJobCommand(UUID.randomUUID().toString(), backfill.name(), payload, payload, 0,
                Instant.now(),
                backfill.maxAttempts(), backfill.backoff().toMillis(), null, Submitter.ADMIN)).jobId();
    }

    private static <T> Mono<T> found(Mono<T> work) {
        return work.onErrorMap(VectorIndexNotFound.class, e -> new AdminError(ErrorCode.NOT_FOUND, e.getMessage()));
    }
}
