package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body up to a limit, so a client cannot make the server buffer without bound. A body over the
 * limit is still read to its end and discarded (up to a bound) before the 413 goes out: a client that is still
 * sending would otherwise never read the answer.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The one refusal of a body over {@code mcp.max_request_bytes}, for the MCP endpoint and the functions path. */
    static HttpRefusal tooLarge(long maxBytes) {
        return HttpRefusal.of(ErrorCode.BODY_TOO_LARGE, "the request body is larger than " + maxBytes
                + " bytes (mcp.max_request_bytes)");
    }

    static Mono<String> read(ServerRequest request, long maxBytes, Supplier<? extends RuntimeException> tooLarge) {
        long drainLimit = Math.max(8 * maxBytes, 16L * 1024 * 1024);
        return request.exchange().getRequest().getBody()
                .reduce(new Body(maxBytes), (body, buffer) -> body.add(buffer, drainLimit, tooLarge))
                .map(body -> body.text(tooLarge))
                .defaultIfEmpty("");
    }

    /** What has arrived so far: the bytes while under the limit, only a count once over it. */
    private static final class Body {
        private final long maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long received;

        Body(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        Body add(DataBuffer buffer, long drainLimit, Supplier<? extends RuntimeException> tooLarge) {
            try {
                int size = buffer.readableByteCount();
                received += size;
                if (received > drainLimit) {
                    throw tooLarge.get(); // stop reading: the connection is closed after the answer
                }
                if (received <= maxBytes) {
                    byte[] chunk = new byte[size];
                    buffer.read(chunk);
                    bytes.write(chunk, 0, size);
                }
                return this;
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        String text(Supplier<? extends RuntimeException> tooLarge) {
            if (received > maxBytes) {
                throw tooLarge.get();
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
