package io.fluxbase.mcp.command.log;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.audit.CommandLogUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The way into the command log for call records that commit on their own (reads, refusals, failed calls, key
 * lifecycle and authentication events), in group commits: whatever arrives while one transaction runs goes together
 * into the next, one explicit transaction per batch, all of it or none. Concurrent callers share one commit instead
 * of paying one each. (A write's record commits with the write itself, in the caller's transaction: see the
 * command side's writes.)
 */
@Component
class CommandLogWriter implements CallRecorder, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandLogWriter.class);
    private static final int MAX_BATCH = 256;

    private record Entry(CallRecord record, List<?> alongside, CompletableFuture<Void> durable) {
    }

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    private final Counter appended;
    private final Timer appendLatency;

    CommandLogWriter(EventStore eventStore, TransactionManager transactionManager, MeterRegistry meters) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.appended = Counter.builder("fluxbase.audit.records.appended")
                .description("call and admin records committed to the command log").register(meters);
        this.appendLatency = Timer.builder("fluxbase.audit.append.duration")
                .description("one group commit of call records, from its start to durable")
                .publishPercentileHistogram().register(meters);
    }

    @Override
    public CompletableFuture<Void> record(CallRecord record, List<?> alongside) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        Entry entry = new Entry(record, List.copyOf(alongside), durable);
        if (!running) {
            durable.completeExceptionally(new IllegalStateException("the command log is not accepting records"));
            return durable;
        }
        queue.add(entry);
        // Stopping since the check: take the entry back unless the writer or stop() already has it.
        if (!running && queue.remove(entry)) {
            durable.completeExceptionally(new IllegalStateException("the command log is not accepting records"));
        }
        return durable;
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                append(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void append(List<Entry> batch) {
        List<EventMessage<?>> events = new ArrayList<>(batch.size());
        batch.forEach(entry -> {
            events.add(GenericEventMessage.asEventMessage(new CallRecordedEvent(entry.record())));
            entry.alongside().forEach(event -> events.add(GenericEventMessage.asEventMessage(event)));
        });
        long started = System.nanoTime();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactionManager);
            eventStore.publish(events);
            unitOfWork.commit();
        } catch (RuntimeException | Error e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            log.error("could not append {} call records to the command log; none of them was committed", batch.size(),
                    e);
            CommandLogUnavailable unavailable = new CommandLogUnavailable(e);
            batch.forEach(entry -> entry.durable().completeExceptionally(unavailable));
            return;
        }
        appendLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        appended.increment(batch.size());
        batch.forEach(entry -> entry.durable().complete(null));
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("command-log-writer").daemon().start(this::drain);
    }

    /**
     * Appends what is queued, then fails whatever is left (a record queued while the writer was finishing, or all of
     * the queue if the database did not answer in time), so no caller waits forever for a record.
     */
    @Override
    public void stop() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Entry> left = new ArrayList<>();
        queue.drainTo(left);
        IllegalStateException stopped = new IllegalStateException("the server stopped before this record was"
                + " written; nothing of the call was committed");
        left.forEach(entry -> entry.durable().completeExceptionally(stopped));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server (which stops at a higher phase) so in-flight calls still get their records. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2;
    }
}
