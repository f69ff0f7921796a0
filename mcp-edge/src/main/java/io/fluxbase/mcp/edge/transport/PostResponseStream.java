package io.fluxbase.mcp.edge.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The answer to one POSTed request. When the final response is the first message, it goes out as plain JSON; when
 * the server first sends notifications or requests (progress, logging, sampling), the answer becomes an SSE stream
 * that ends with the response. {@code finisher} turns the final response into the JSON to send, before anything
 * of it is sent (the audit record is made durable there).
 */
final class PostResponseStream implements McpStreamableServerTransport {

    /** Either the final JSON (plain answer, as UTF-8 bytes) or a stream of events. */
    sealed interface Answer {
        record Json(byte[] body) implements Answer {
        }

        record Stream(Flux<ServerSentEvent<String>> events) implements Answer {
        }
    }

    private final McpJsonMapper json;
    private final Function<McpSchema.JSONRPCResponse, Mono<byte[]>> finisher;
    private final LongConsumer sent;
    private final Sinks.One<Answer> answer = Sinks.one();
    private Sinks.Many<ServerSentEvent<String>> events;

    /** {@code sent} learns the size of each message sent ahead of the final response (the call's bytes out). */
    PostResponseStream(McpJsonMapper json, Function<McpSchema.JSONRPCResponse, Mono<byte[]>> finisher,
            LongConsumer sent) {
        this.json = json;
        this.finisher = finisher;
        this.sent = sent;
    }

    Mono<Answer> answer() {
        return answer.asMono();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public synchronized Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        if (message instanceof McpSchema.JSONRPCResponse response) {
            return finisher.apply(response).doOnNext(this::deliverFinal).then()
                    .doOnError(this::fail);
        }
        if (events == null) {
            events = Sinks.many().unicast().onBackpressureBuffer();
            answer.tryEmitValue(new Answer.Stream(events.asFlux()));
        }
        events.tryEmitNext(event(message));
        return Mono.empty();
    }

    private synchronized void deliverFinal(byte[] response) {
        if (events == null) {
            answer.tryEmitValue(new Answer.Json(response));
        } else {
            events.tryEmitNext(ServerSentEvent.builder(new String(response, StandardCharsets.UTF_8))
                    .event("message").build());
            events.tryEmitComplete();
        }
    }

    synchronized void fail(Throwable error) {
        if (events == null) {
            answer.tryEmitError(error);
        } else {
            events.tryEmitError(error);
        }
    }

    private ServerSentEvent<String> event(McpSchema.JSONRPCMessage message) {
        String text = write(message);
        sent.accept(text.getBytes(StandardCharsets.UTF_8).length);
        return ServerSentEvent.builder(text).event("message").build();
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }
}
