package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.transport.OriginHostValidator;
import io.fluxbase.mcp.edge.transport.PathPrefix;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The actuator endpoints (Prometheus metrics) answer only the admin token, and only under a Host and Origin the MCP
 * endpoint would accept: metrics describe the server's load and internals, which strangers have no business reading.
 */
@Component
class MetricsGuard implements WebFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PathPrefix base;
    private final AdminToken token;
    private final OriginHostValidator origins;
    private final AdminActions actions;

    MetricsGuard(@Value("${management.endpoints.web.base-path:/actuator}") String basePath, AdminToken token,
            OriginHostValidator origins, AdminActions actions) {
        this.base = PathPrefix.of(basePath);
        this.token = token;
        this.origins = origins;
        this.actions = actions;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!base.covers(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        try {
            origins.check(headers);
        } catch (HttpRefusal refusal) {
            return refuse(exchange, refusal.code(), refusal.getMessage());
        }
        String address = AdminActions.address(exchange.getRequest().getRemoteAddress());
        AdminToken.Bearer bearer;
        try {
            bearer = token.bearer(headers.getFirst(HttpHeaders.AUTHORIZATION), address);
        } catch (AdminError throttled) {
            return refuse(exchange, ErrorCode.AUTH_THROTTLED, throttled.getMessage()); // the only refusal it makes
        }
        if (bearer != AdminToken.Bearer.ADMIN_TOKEN) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fluxbase-admin\"");
            Mono<Void> refusal = bearer == AdminToken.Bearer.NONE ? Mono.empty()
                    : actions.wrongToken(address, headers.getFirst(HttpHeaders.USER_AGENT), "metrics");
            return refusal.then(refuse(exchange, ErrorCode.UNAUTHORIZED, "metrics need the admin token: send"
                    + " 'Authorization: Bearer <token>' with the token from <data dir>/admin-token"));
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, ErrorCode code, String message) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(code.httpStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        String body = "{\"error\":{\"code\":" + JSON.writeValueAsString(code.wireName()) + ",\"message\":"
                + JSON.writeValueAsString(message) + "}}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
