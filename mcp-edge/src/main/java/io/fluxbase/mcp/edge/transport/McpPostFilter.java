package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.McpSettings;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Where a POST to the MCP endpoint (every call) goes: straight to {@link StreamableHttpTransport}, ahead of the other
 * filters and of WebFlux's dispatcher. The dispatcher would look the request up in each handler mapping, wrap the
 * handler and its answer in a dozen more operators and find a writer for the answer, all to reach the same handler;
 * that was several percent of a call's CPU. The endpoint's other methods stay with the transport's routes, and no
 * other filter covers this path but {@link ForwardedClientFilter}, which runs first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class McpPostFilter implements WebFilter {

    private final boolean enabled;
    private final String path;
    private final StreamableHttpTransport transport;
    private final List<HttpMessageReader<?>> readers;
    private final ServerResponse.Context writers;

    McpPostFilter(McpSettings settings, StreamableHttpTransport transport, ServerCodecConfigurer codecs) {
        this.enabled = settings.mcp().enabled();
        this.path = settings.mcp().basePath();
        this.transport = transport;
        this.readers = codecs.getReaders();
        List<HttpMessageWriter<?>> messageWriters = codecs.getWriters();
        this.writers = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return messageWriters;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!enabled || !HttpMethod.POST.equals(request.getMethod())
                || !request.getPath().pathWithinApplication().value().equals(path)) {
            return chain.filter(exchange);
        }
        return transport.post(ServerRequest.create(exchange, readers))
                .flatMap(response -> response.writeTo(exchange, writers));
    }
}
