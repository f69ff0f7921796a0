package io.fluxbase.mcp.edge.dashboard;

import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.transport.OriginHostValidator;
import io.fluxbase.mcp.edge.transport.PathPrefix;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The dashboard's pages and assets, served from the jar ({@code dashboard/} on the class path) under
 * {@code /dashboard}, behind the MCP endpoint's Host and Origin rules. Every answer forbids inline script, framing and
 * caching, and sends no referrer (a sign-in link's token must not travel on).
 */
@Configuration(proxyBeanMethods = false)
class DashboardPages {

    static final String BASE = "/dashboard";
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
            + " data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static final ClassPathResource INDEX = new ClassPathResource("dashboard/index.html");

    @Bean
    RouterFunction<ServerResponse> dashboardPageRoutes() {
        return RouterFunctions.route()
                .GET(BASE, request -> ServerResponse.permanentRedirect(URI.create(BASE + "/")).build())
                .GET(BASE + "/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(INDEX))
                .build()
                .and(RouterFunctions.resources(BASE + "/assets/**", new ClassPathResource("dashboard/assets/")));
    }

    @Bean
    @Order(-10)
    WebFilter dashboardGuard(OriginHostValidator origins) {
        PathPrefix guarded = PathPrefix.of(BASE);
        return (ServerWebExchange exchange, WebFilterChain chain) -> {
            if (!guarded.covers(exchange.getRequest().getPath().pathWithinApplication())) {
                return chain.filter(exchange);
            }
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
            try {
                origins.check(exchange.getRequest().getHeaders());
            } catch (HttpRefusal refusal) {
                ServerHttpResponse response = exchange.getResponse();
                response.setStatusCode(refusal.status());
                response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
                return response.writeWith(Mono.just(response.bufferFactory()
                        .wrap(refusal.getMessage().getBytes(StandardCharsets.UTF_8))));
            }
            return chain.filter(exchange);
        };
    }
}
