package io.fluxbase.mcp.edge.health;

import io.fluxbase.mcp.kernel.admin.SetAsideRecords;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code fluxbase_projection_set_aside}: how many events the projections set aside, as health reports it. A gauge
 * cannot wait for the database when it is read, so it shows the last count, taken every {@link #REFRESH} and on
 * every health check, from the table all nodes share.
 */
@Component
class SetAsideGauge implements MeterBinder, DisposableBean {

    static final String NAME = "fluxbase.projection.set.aside";
    private static final Duration REFRESH = Duration.ofSeconds(15);

    private final SetAsideRecords records;
    private final AtomicLong count = new AtomicLong();
    private volatile @Nullable Disposable refresh;

    SetAsideGauge(SetAsideRecords records) {
        this.records = records;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, count, AtomicLong::get)
                .description("events the projections could not store and set aside (fluxbase.dead_letter)")
                .register(registry);
        if (refresh != null) {
            return; // bound to a second registry: one refresh serves both
        }
        refresh = Flux.interval(Duration.ZERO, REFRESH)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromFuture(records::count)
                        .timeout(Duration.ofSeconds(5))
                        .onErrorResume(e -> Mono.empty()))
                .subscribe(count::set);
    }

    void seen(long setAside) {
        count.set(setAside);
    }

    @Override
    public synchronized void destroy() {
        Disposable running = refresh;
        if (running != null) {
            running.dispose();
        }
    }
}
