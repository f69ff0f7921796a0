package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.McpSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives a request that came through a trusted reverse proxy its client's address (see {@link TrustedProxies}) before
 * anything reads the address: call records, the failed-authentication throttle and the admin token's throttle all
 * take it from the request. With no trusted proxy set (the default), every request keeps its connection's address.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ForwardedClientFilter implements WebFilter {

    static final String HEADER = "X-Forwarded-For";

    private final TrustedProxies proxies;

    ForwardedClientFilter(McpSettings settings) {
        this.proxies = TrustedProxies.parse(settings.mcp().trustedProxies(), TrustedProxies.SETTING);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        InetSocketAddress peer = request.getRemoteAddress();
        if (proxies.isEmpty() || peer == null || peer.getAddress() == null) {
            return chain.filter(exchange);
        }
        InetAddress client = proxies.client(peer.getAddress(), request.getHeaders().getOrEmpty(HEADER));
        if (client.equals(peer.getAddress())) {
            return chain.filter(exchange);
        }
        ServerHttpRequest named = request.mutate().remoteAddress(new InetSocketAddress(client, peer.getPort())).build();
        return chain.filter(exchange.mutate().request(named).build());
    }
}
