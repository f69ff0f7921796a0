package io.fluxbase.mcp.config;

import io.fluxbase.mcp.kernel.chain.ChainedLog;
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
 * The audit path's gauges. {@code fluxbase.audit.projection.lag}: how many positions of the command log the audit log
 * (the projection the report and {@code logs list} read) is behind its head, as this node's processor sees it; -1
 * when this node processes no segment of it (another node does). {@code fluxbase.audit.chain.position}: the hash
 * chain's head. A gauge cannot wait for the database when scraped, so these show the values taken every
 * {@link #REFRESH_SECONDS} seconds. {@code fluxbase.audit.verify.last.result} and {@code .timestamp}: how the last
 * verification on this node ended (1 ok, 0 failed, -1 never) and when, in epoch seconds (-1 never).
 */
@Component
class AuditPathGauges implements MeterBinder, DisposableBean {

    static final String NAME = "fluxbase.audit.projection.lag";
    static final String CHAIN_POSITION = "fluxbase.audit.chain.position";
    static final String VERIFY_RESULT = "fluxbase.audit.verify.last.result";
    static final String VERIFY_TIME = "fluxbase.audit.verify.last.timestamp";
    private static final long REFRESH_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(AuditPathGauges.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final ChainedLog chain;
    private final AtomicLong lag = new AtomicLong(-1);
    private final AtomicLong chainPosition = new AtomicLong();
    private final ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("audit-projection-lag").daemon().factory());

    AuditPathGauges(JdbcTemplate jdbc, EventProcessingConfiguration processing, ChainedLog chain) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.chain = chain;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, lag, AtomicLong::get)
                .description("command log positions the audit log projection is behind (-1: not processed here)")
                .register(registry);
        Gauge.builder(CHAIN_POSITION, chainPosition, AtomicLong::get)
                .description("the hash chain's head: the position of the last record chained (0: none yet)")
                .register(registry);
        Gauge.builder(VERIFY_RESULT, chain, chained -> chained.lastVerification()
                        .map(last -> last.ok() ? 1 : 0).orElse(-1))
                .description("the last verification of the chain on this node: 1 ok, 0 failed, -1 never")
                .register(registry);
        Gauge.builder(VERIFY_TIME, chain, chained -> chained.lastVerification()
                        .map(last -> last.at().toEpochMilli() / 1000.0).orElse(-1.0))
                .description("when the last verification on this node ended (-1: never)")
                .baseUnit("seconds")
                .register(registry);
        refresh.scheduleWithFixedDelay(this::measure, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void measure() {
        try {
            Long head = jdbc.queryForObject("SELECT max(position) FROM fluxbase.log_chain", Long.class);
            chainPosition.set(head == null ? 0 : head);
        } catch (RuntimeException e) {
            log.debug("could not read the chain's head", e);
        }
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
