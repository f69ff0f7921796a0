package io.fluxbase.mcp.edge.transport;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads a request body up to a limit, so a client cannot make the server buffer without bound. */
final class RequestBodies {

    private RequestBodies() {
    }

    static Mono<String> read(ServerRequest request, long maxBytes, Supplier<? extends RuntimeException> tooLarge) {
        return DataBufferUtils.join(request.exchange().getRequest().getBody(), (int) Math.min(maxBytes, Integer.MAX_VALUE))
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge.get());
    }

}
