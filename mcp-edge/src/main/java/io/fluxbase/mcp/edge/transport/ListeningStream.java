package io.fluxbase.mcp.edge.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The GET stream of a session: server-initiated notifications and requests, with a comment at once (so the client
 * gets the response headers without waiting for the first event) and then every 15 s.
 */
final class ListeningStream implements McpStreamableServerTransport {

    private final McpJsonMapper json;
    private final Sinks.Many<ServerSentEvent<String>> sink = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Empty<Void> closed = Sinks.empty();

    ListeningStream(McpJsonMapper json) {
        this.json = json;
    }

    Flux<ServerSentEvent<String>> events() {
        Flux<ServerSentEvent<String>> keepAlive = Flux.interval(Duration.ZERO, Duration.ofSeconds(15))
                .map(tick -> ServerSentEvent.<String>builder().comment("keep-alive").build());
        return sink.asFlux().mergeWith(keepAlive.takeUntilOther(closed.asMono()));
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public synchronized Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        try {
            sink.tryEmitNext(ServerSentEvent.builder(json.writeValueAsString(message)).event("message").build());
            return Mono.empty();
        } catch (IOException e) {
            return Mono.error(new UncheckedIOException(e));
        }
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            sink.tryEmitComplete();
            closed.tryEmitEmpty();
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }
}
