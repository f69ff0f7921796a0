package io.fluxbase.mcp.edge.health;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.transport.StreamableHttpTransport;
import io.fluxbase.mcp.kernel.admin.DatabaseHealth;
import io.fluxbase.mcp.kernel.admin.SetAsideRecords;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET {base_path}/health}: no key needed; 200 healthy, or 503 unhealthy when the database does not answer.
 * {@code set_aside_records} counts the events the projections could not store (null when it cannot be counted):
 * the server is still healthy with some, but each is a record the audit log shows only as a placeholder.
 */
@Configuration(proxyBeanMethods = false)
class HealthRoutes {

    private static final Duration COUNT_WAIT = Duration.ofSeconds(2);

    @Bean
    @Order(-1)
    RouterFunction<ServerResponse> healthRoute(McpSettings settings, DatabaseHealth database,
            SetAsideRecords setAside, SetAsideGauge gauge, StreamableHttpTransport transport) {
        return RouterFunctions.route().GET(settings.mcp().basePath() + "/health", request -> Mono.zip(
                Mono.fromFuture(database::ping),
                Mono.fromFuture(setAside::count).doOnNext(gauge::seen).map(Optional::of)
                        .timeout(COUNT_WAIT).onErrorReturn(Optional.empty()))
                .flatMap(answers -> {
                    boolean up = answers.getT1();
                    Map<String, @Nullable Object> body = new LinkedHashMap<>();
                    body.put("status", up ? "healthy" : "unhealthy");
                    body.put("version", "1.0");
                    body.put("database", up ? "up" : "unreachable");
                    body.put("mcp_enabled", settings.mcp().enabled());
                    body.put("protocol_versions", transport.protocolVersions());
                    body.put("set_aside_records", answers.getT2().orElse(null));
                    return ServerResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(body);
                })).build();
    }
}
