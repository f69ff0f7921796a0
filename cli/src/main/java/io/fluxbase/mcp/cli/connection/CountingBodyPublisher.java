package io.fluxbase.mcp.cli.connection;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/** Passes a body through unchanged, telling {@code sent} how many bytes each chunk held: upload progress. */
final class CountingBodyPublisher implements HttpRequest.BodyPublisher {

    private final HttpRequest.BodyPublisher body;
    private final LongConsumer sent;

    CountingBodyPublisher(HttpRequest.BodyPublisher body, LongConsumer sent) {
        this.body = body;
        this.sent = sent;
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        body.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer chunk) {
                // Counted as handed to the connection; close enough to "sent" for a progress bar.
                sent.accept(chunk.remaining());
                subscriber.onNext(chunk);
            }

            @Override
            public void onError(Throwable error) {
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
