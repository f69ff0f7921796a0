package io.fluxbase.mcp.edge.transport;

import io.modelcontextprotocol.spec.HttpHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * An answer whose body is JSON already written to bytes, sent as it is. A body given to {@code ServerResponse}'s
 * builder goes through a look-up of the message writers and an encoder that copies the text into a buffer of its
 * own, on every call; these bytes are wrapped, and their length is the Content-Length.
 */
final class JsonAnswer implements ServerResponse {

    private final HttpStatusCode status;
    private final org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    private final byte[] body;

    /** {@code sessionId}: the MCP session the answer opens, sent in its header, or null. */
    JsonAnswer(HttpStatusCode status, byte[] body, @Nullable String sessionId) {
        this.status = status;
        this.body = body;
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        if (sessionId != null) {
            headers.set(HttpHeaders.MCP_SESSION_ID, sessionId);
        }
    }

    @Override
    public HttpStatusCode statusCode() {
        return status;
    }

    @Override
    public org.springframework.http.HttpHeaders headers() {
        return headers;
    }

    @Override
    public MultiValueMap<String, ResponseCookie> cookies() {
        return new LinkedMultiValueMap<>();
    }

    @Override
    public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().putAll(headers);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
