package io.fluxbase.mcp.command.log;

import io.fluxbase.mcp.command.table.DataChanges;
import io.fluxbase.mcp.command.table.DataChanges.Change;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.data.InvokeRpcCommand;
import io.fluxbase.mcp.kernel.data.TableWriter;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * The one way into the command log for call records and data-plane writes, in group commits: whatever arrives while
 * one transaction runs goes together into the next. In that transaction each write runs under its caller's role
 * (behind its own savepoint, so a refused write undoes only itself), then every change event and call record of
 * the batch is appended, then it commits once. A write, its events and its record are durable together or not at
 * all, and concurrent callers share one commit instead of paying one each.
 */
@Component
class CommandLogWriter implements CallRecorder, TableWriter, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandLogWriter.class);
    private static final int MAX_BATCH = 256;
    private static final int SOLO_THREADS = 4;

    /** One thing to append: a finished call record, or a write whose record is finished by its outcome. */
    private sealed interface Entry {

        void fail(Throwable error);
    }

    private record RecordEntry(CallRecord record, CompletableFuture<Void> durable) implements Entry {

        @Override
        public void fail(Throwable error) {
            durable.completeExceptionally(error);
        }
    }

    private record WriteEntry(DataChanges.Write write, CompletableFuture<WriteResult> done) implements Entry {

        @Override
        public void fail(Throwable error) {
            done.completeExceptionally(error);
        }
    }

    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final DataSource dataSource;
    private final DataChanges changes;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    private final ExecutorService solo = Executors.newFixedThreadPool(SOLO_THREADS,
            Thread.ofPlatform().name("command-log-solo-", 0).daemon().factory());
    private volatile boolean running;
    private Thread writer;

    CommandLogWriter(EventStore eventStore, TransactionManager transactionManager, DataSource dataSource,
            DataChanges changes) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.dataSource = dataSource;
        this.changes = changes;
    }

    @Override
    public CompletableFuture<Void> record(CallRecord record) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        enqueue(new RecordEntry(record, durable));
        return durable;
    }

    /**
     * Table writes (one statement each, short) join the next group commit. A function call can run for as long as
     * its code does, so it gets a transaction of its own on another thread and never holds up the group.
     */
    @Override
    public CompletableFuture<WriteResult> write(WriteCommand command, CallRecord draft) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        WriteEntry entry = new WriteEntry(new DataChanges.Write(command, draft, System.nanoTime()), done);
        if (command instanceof InvokeRpcCommand) {
            if (!running) {
                entry.fail(closed());
                return done;
            }
            try {
                solo.execute(() -> append(List.of(entry)));
            } catch (RejectedExecutionException e) {
                entry.fail(closed());
            }
        } else {
            enqueue(entry);
        }
        return done;
    }

    private void enqueue(Entry entry) {
        if (running) {
            queue.add(entry);
        } else {
            entry.fail(closed());
        }
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("the command log is not accepting records");
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

    private void append(List<? extends Entry> batch) {
        if (batch.stream().allMatch(RecordEntry.class::isInstance)) {
            appendRecords(batch);
            return;
        }
        List<Runnable> completions = new ArrayList<>(batch.size());
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            unitOfWork.attachTransaction(transactionManager);
            Connection connection = DataSourceUtils.getConnection(dataSource);
            List<DataChanges.Write> writes = new ArrayList<>();
            batch.forEach(entry -> {
                if (entry instanceof WriteEntry write) {
                    writes.add(write.write());
                }
            });
            Iterator<Change> changed = writes.isEmpty() ? Collections.emptyIterator()
                    : changes.applyAll(connection, writes).iterator();
            List<EventMessage<?>> events = new ArrayList<>(batch.size() * 2);
            for (Entry entry : batch) {
                switch (entry) {
                    case RecordEntry recorded -> {
                        events.add(recordedEvent(recorded.record()));
                        completions.add(() -> recorded.durable().complete(null));
                    }
                    case WriteEntry write -> {
                        Change change = changed.next();
                        change.events().forEach(event -> events.add(GenericEventMessage.asEventMessage(event)));
                        events.add(recordedEvent(change.record()));
                        completions.add(() -> change.complete(write.done()));
                    }
                }
            }
            eventStore.publish(events);
            unitOfWork.commit();
        } catch (RuntimeException | Error e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            log.error("could not append a batch of {} to the command log; nothing of it was committed", batch.size(),
                    e);
            batch.forEach(entry -> entry.fail(e));
            return;
        }
        completions.forEach(Runnable::run);
    }

    /**
     * Call records alone need no transaction around them: the event store appends them as one batch that commits by
     * itself (see the storage engine's configuration), all or none, in one round trip.
     */
    private void appendRecords(List<? extends Entry> batch) {
        List<EventMessage<?>> events = new ArrayList<>(batch.size());
        batch.forEach(entry -> events.add(recordedEvent(((RecordEntry) entry).record())));
        try {
            eventStore.publish(events);
        } catch (RuntimeException | Error e) {
            log.error("could not append {} call records to the command log; none of them was committed", batch.size(),
                    e);
            batch.forEach(entry -> entry.fail(e));
            return;
        }
        batch.forEach(entry -> ((RecordEntry) entry).durable().complete(null));
    }

    private static EventMessage<?> recordedEvent(CallRecord record) {
        return GenericEventMessage.asEventMessage(new CallRecordedEvent(record));
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("command-log-writer").daemon().start(this::drain);
    }

    @Override
    public void stop() {
        running = false;
        solo.shutdown();
        try {
            solo.awaitTermination(10, TimeUnit.SECONDS);
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
