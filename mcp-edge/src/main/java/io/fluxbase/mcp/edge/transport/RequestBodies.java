package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads request bodies (the MCP endpoint's and the functions path's) up to {@code mcp.max_request_bytes} each, and
 * holds at most {@code mcp.max_request_bytes_in_flight} of bodies still arriving over all connections: the body is
 * read before the key is known, so neither one client nor many slow ones may make the server buffer without bound.
 * A body over either limit is still read to its end and discarded (up to a bound) before the refusal goes out: a
 * client that is still sending would otherwise never read the answer.
 */
@Component
final class RequestBodies {

    private final long maxBytes;
    /** How much of a body over the limit is read and dropped before the connection is given up. */
    private final long drainLimit;
    private final long maxInFlight;
    private final AtomicLong inFlight = new AtomicLong();

    RequestBodies(McpSettings settings) {
        this.maxBytes = settings.mcp().maxRequestBytes();
        this.drainLimit = Math.max(8 * maxBytes, 16L * 1024 * 1024);
        long configured = settings.mcp().maxRequestBytesInFlight();
        this.maxInFlight = configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 8;
    }

    /** The one refusal of a body over {@code mcp.max_request_bytes}. */
    private HttpRefusal tooLarge() {
        return HttpRefusal.of(ErrorCode.BODY_TOO_LARGE, "the request body is larger than " + maxBytes
                + " bytes (mcp.max_request_bytes)");
    }

    Mono<String> read(ServerRequest request) {
        return Mono.defer(() -> {
            Body body = new Body();
            return request.exchange().getRequest().getBody()
                    .reduce(body, Body::add)
                    .map(Body::text)
                    .defaultIfEmpty("")
                    .doFinally(signal -> body.giveBack());
        });
    }

    /** What has arrived so far: the bytes while under both limits, only a count once over one. */
    private final class Body {
        private ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long received;
        private long held;
        private boolean overBudget;

        Body add(DataBuffer buffer) {
            try {
                int size = buffer.readableByteCount();
                received += size;
                if (received > drainLimit) {
                    throw tooLarge(); // stop reading: the connection is closed after the answer
                }
                if (received <= maxBytes && !overBudget) {
                    if (take(size)) {
                        byte[] chunk = new byte[size];
                        buffer.read(chunk);
                        bytes.write(chunk, 0, size);
                    } else {
                        overBudget = true;
                        bytes = new ByteArrayOutputStream();
                        giveBack();
                    }
                }
                return this;
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        private boolean take(int size) {
            if (inFlight.addAndGet(size) > maxInFlight) {
                inFlight.addAndGet(-size);
                return false;
            }
            held += size;
            return true;
        }

        String text() {
            if (received > maxBytes) {
                throw tooLarge();
            }
            if (overBudget) {
                throw HttpRefusal.of(ErrorCode.BUSY, "the server is receiving " + maxInFlight + " bytes of request"
                        + " bodies at once (mcp.max_request_bytes_in_flight); send this request again in a moment");
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        void giveBack() {
            inFlight.addAndGet(-held);
            held = 0;
        }
    }
}
