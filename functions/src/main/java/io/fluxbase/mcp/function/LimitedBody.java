package io.fluxbase.mcp.function;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A response body read into memory up to a limit: past it the download is cancelled, so a large or endless body
 * never takes more than the limit of the server's heap.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long maxBytes;
    private final RuntimeException tooLarge;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.@Nullable Subscription subscription;

    /** @param declaredLength the Content-Length the server sent, or -1: a body declared too large is not read */
    LimitedBody(long maxBytes, long declaredLength, RuntimeException tooLarge) {
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
        if (declaredLength > maxBytes) {
            body.completeExceptionally(tooLarge);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (body.isDone()) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (body.isDone()) {
                return;
            }
            if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                body.completeExceptionally(tooLarge);
                Flow.Subscription running = subscription;
                if (running != null) {
                    running.cancel();
                }
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
