package io.fluxbase.mcp.edge.health;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.transport.StreamableHttpTransport;
import io.fluxbase.mcp.kernel.admin.DatabaseHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET {base_path}/health}: no key needed; 200 healthy, or 503 unhealthy when the database does not answer. */
@Configuration(proxyBeanMethods = false)
class HealthRoutes {

    @Bean
    @Order(-1)
    RouterFunction<ServerResponse> healthRoute(McpSettings settings, DatabaseHealth database,
            StreamableHttpTransport transport) {
        return RouterFunctions.route().GET(settings.mcp().basePath() + "/health", request ->
                Mono.fromFuture(database::ping).flatMap(up -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", up ? "healthy" : "unhealthy");
                    body.put("version", "1.0");
                    body.put("database", up ? "up" : "unreachable");
                    body.put("mcp_enabled", settings.mcp().enabled());
                    body.put("protocol_versions", transport.protocolVersions());
                    return ServerResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(body);
                })).build();
    }
}
