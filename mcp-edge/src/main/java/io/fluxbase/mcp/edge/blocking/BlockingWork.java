package io.fluxbase.mcp.edge.blocking;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where the edge runs blocking work (Axon commands run their JDBC appends on the caller's thread): a bounded pool
 * owned by this application and closed with it, never a Netty event loop and never Reactor's JVM-wide pool, and
 * every piece of work bounded in time so a stuck database shows up as an error instead of a request that never ends.
 */
@Component
public class BlockingWork implements DisposableBean {

    static final Duration LIMIT = Duration.ofSeconds(30);
    static final Duration READER_PATIENCE = Duration.ofMinutes(1);

    private final Scheduler scheduler = Schedulers.newBoundedElastic(16, 10_000, "fluxbase-blocking", 60, true);

    public <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler).timeout(LIMIT, Mono.error(() ->
                new TimeoutException("the database did not complete this within " + LIMIT.toSeconds() + " s")));
    }

    /**
     * Long blocking work that reports as it goes (a verification, an export): each item it emits is sent on once the
     * reader asks for it. It has no time limit, being watched by whoever reads its stream; it stops when they cancel
     * or take nothing for {@link #READER_PATIENCE}.
     */
    public <T> Flux<T> stream(Consumer<PacedSink<T>> work) {
        return stream(work, READER_PATIENCE);
    }

    <T> Flux<T> stream(Consumer<PacedSink<T>> work, Duration patience) {
        return Flux.<T>create(sink -> {
            try {
                work.accept(new PacedSink<>(sink, patience));
                sink.complete();
            } catch (RuntimeException e) {
                if (!sink.isCancelled()) { // a reader that went away has no use for the error
                    sink.error(e);
                }
            }
        }, FluxSink.OverflowStrategy.BUFFER).subscribeOn(scheduler, false); // requests must not queue behind the work
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
