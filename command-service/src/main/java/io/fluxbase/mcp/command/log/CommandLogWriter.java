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
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The way into the command log for call records that commit on their own (reads, refusals, failed calls, key
 * lifecycle and authentication events), in group commits: whatever arrives while one batch is written goes together
 * into the next, all of it or none. Concurrent callers share one commit instead of paying one each. (A write's record
 * commits with the write itself, in the caller's transaction: see the command side's writes.)
 *
 * <p>A batch is one round trip: it is appended outside any unit of work, so the storage engine sends its inserts on
 * an auto-commit connection as one JDBC batch, which pgjdbc ends with a single Sync. PostgreSQL runs everything
 * before a Sync as one implicit transaction and commits it there (waiting for the disk, as the server's login does),
 * or rolls all of it back if one insert fails. An explicit transaction would add a COMMIT round trip per batch: one
 * more wake-up of the writer and of its backend, on the path every read's answer waits for.
 */
@Component
class CommandLogWriter implements CallRecorder, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandLogWriter.class);
    /**
     * Events per batch, at most. pgjdbc inserts a Sync of its own (which would commit half a batch) once it expects
     * about 64 kB of replies, some 250 inserts; a batch stays well below that.
     */
    private static final int MAX_EVENTS = 128;

    private record Entry(CallRecord record, List<?> alongside, CompletableFuture<Void> durable) {

        int eventCount() {
            return 1 + alongside.size();
        }
    }

    private final EventStore eventStore;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    private final Counter appended;
    private final Timer appendLatency;

    CommandLogWriter(EventStore eventStore, MeterRegistry meters) {
        this.eventStore = eventStore;
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
        List<Entry> batch = new ArrayList<>();
        Entry next = null; // taken from the queue but left for the next batch, which it would have made too large
        while (running || next != null || !queue.isEmpty()) {
            try {
                Entry first = next != null ? next : queue.poll(100, TimeUnit.MILLISECONDS);
                next = null;
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int events = first.eventCount();
                while ((next = queue.poll()) != null && events + next.eventCount() <= MAX_EVENTS) {
                    batch.add(next);
                    events += next.eventCount();
                }
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
        try {
            eventStore.publish(events);
        } catch (RuntimeException | Error e) {
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
