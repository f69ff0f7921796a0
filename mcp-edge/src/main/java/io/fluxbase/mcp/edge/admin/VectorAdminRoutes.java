package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.vector.EnableVectorIndexCommand;
import io.fluxbase.mcp.kernel.vector.TextTemplate;
import io.fluxbase.mcp.kernel.vector.VectorIndexNotFound;
import io.fluxbase.mcp.kernel.vector.VectorIndexView;
import io.fluxbase.mcp.kernel.vector.VectorIndexes;
import io.fluxbase.mcp.kernel.vector.VectorMetric;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The admin API's vector search: enable a table (its existing rows are queued for embedding at once), list, one
 * table's status (rows embedded, pending, last error) and disable. Each change is an event in the command log.
 */
@Configuration(proxyBeanMethods = false)
class VectorAdminRoutes {

    private static final String BASE = "/admin/v1/vectors";

    private final AdminRequests requests;
    private final VectorIndexes indexes;

    VectorAdminRoutes(AdminRequests requests, VectorIndexes indexes) {
        this.requests = requests;
        this.indexes = indexes;
    }

    @Bean
    RouterFunction<ServerResponse> vectorAdminApi() {
        return RouterFunctions.route()
                .POST(BASE, requests.guarded(this::enable))
                .GET(BASE, requests.guarded(request -> requests.blocking(indexes::list)
                        .flatMap(list -> AdminRequests.ok(Map.of("indexes", list.stream().map(VectorIndexView::shown)
                                .toList())))))
                .GET(BASE + "/{table}", requests.guarded(request -> found(requests.blocking(() ->
                        indexes.status(request.pathVariable("table")))).flatMap(view -> AdminRequests.ok(
                        view.shown()))))
                .DELETE(BASE + "/{table}", requests.guarded(request -> {
                    String table = TableRef.parse(request.pathVariable("table")).displayName();
                    return found(requests.blocking(() -> {
                        indexes.disable(table);
                        return table;
                    })).flatMap(disabled -> AdminRequests.ok(Map.of("table", disabled, "disabled", true)));
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
            return requests.blocking(() -> indexes.enable(command)).flatMap(view -> AdminRequests.ok(view.shown()));
        });
    }

    private static <T> Mono<T> found(Mono<T> work) {
        return work.onErrorMap(VectorIndexNotFound.class, e -> new AdminError(ErrorCode.NOT_FOUND, e.getMessage()));
    }
}
