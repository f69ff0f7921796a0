package io.fluxbase.mcp.command.audit;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
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
 * Appends call records to the command log in group commits: whatever records arrive while one append runs go
 * together in the next, in one transaction. Every caller waits for its own record to be durable, but concurrent
 * callers share one commit instead of queueing on a lock each.
 */
@Component
class BatchingCallRecorder implements CallRecorder, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BatchingCallRecorder.class);
    private static final int MAX_BATCH = 512;

    private record Pending(CallRecord record, CompletableFuture<Void> durable) {
    }

    private final EventStore eventStore;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    BatchingCallRecorder(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public CompletableFuture<Void> record(CallRecord record) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (!running) {
            durable.completeExceptionally(new IllegalStateException("the audit log is not accepting records"));
            return durable;
        }
        queue.add(new Pending(record, durable));
        return durable;
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
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

    private void append(List<Pending> batch) {
        List<EventMessage<?>> events = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            events.add(GenericEventMessage.asEventMessage(new CallRecordedEvent(pending.record())));
        }
        try {
            eventStore.publish(events);
            batch.forEach(pending -> pending.durable().complete(null));
        } catch (RuntimeException e) {
            log.error("could not append {} call records to the command log", batch.size(), e);
            batch.forEach(pending -> pending.durable().completeExceptionally(e));
        }
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("call-recorder").daemon().start(this::drain);
    }

    @Override
    public void stop() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
