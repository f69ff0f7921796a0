package io.fluxbase.mcp.config;

import io.fluxbase.mcp.query.audit.AuditLogProjection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code fluxbase.audit.projection.lag}: how many positions of the command log the audit log (the projection the
 * report and {@code logs list} read) is behind its head, as this node's processor sees it. A gauge cannot wait for
 * the database when scraped, so it shows the value taken every {@link #REFRESH_SECONDS} seconds; -1 when this node
 * processes no segment of it (another node does).
 */
@Component
class AuditProjectionLag implements MeterBinder, DisposableBean {

    static final String NAME = "fluxbase.audit.projection.lag";
    private static final long REFRESH_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(AuditProjectionLag.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final AtomicLong lag = new AtomicLong(-1);
    private final ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("audit-projection-lag").daemon().factory());

    AuditProjectionLag(JdbcTemplate jdbc, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.processing = processing;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, lag, AtomicLong::get)
                .description("command log positions the audit log projection is behind (-1: not processed here)")
                .register(registry);
        refresh.scheduleWithFixedDelay(this::measure, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void measure() {
        try {
            OptionalLong position = processing.eventProcessorByProcessingGroup(AuditLogProjection.GROUP,
                            StreamingEventProcessor.class)
                    .map(processor -> processor.processingStatus().values().stream()
                            .map(EventTrackerStatus::getCurrentPosition)
                            .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min())
                    .orElse(OptionalLong.empty());
            if (position.isEmpty()) {
                lag.set(-1);
                return;
            }
            Long head = jdbc.queryForObject("SELECT max(global_index) FROM fluxbase.domain_event_entry", Long.class);
            lag.set(Math.max(0, (head == null ? 0 : head) - position.getAsLong()));
        } catch (RuntimeException e) {
            log.debug("could not measure the audit log's lag", e);
        }
    }

    @Override
    public void destroy() {
        refresh.shutdownNow();
    }
}
