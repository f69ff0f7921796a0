package io.fluxbase.mcp.function;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memory budget per call. GraalJS community edition cannot limit a context's heap, so a function that keeps
 * allocating could take the server's. What the JVM can tell cheaply is how many bytes a thread has allocated
 * ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes}); every invocation owns its thread, so every
 * {@value #PERIOD_MS} ms this compares each running call's allocation since it started with the budget and stops
 * the calls over it. It counts allocation, garbage included, not what is live: the budget must sit well above what
 * normal calls allocate (an interpreted loop allocates as it goes).
 */
final class AllocationWatch implements AutoCloseable {

    static final long PERIOD_MS = 10;
    private static final Logger log = LoggerFactory.getLogger(AllocationWatch.class);

    /** A call being watched; {@link #close()} when it ends. */
    interface Watched extends AutoCloseable {
        @Override
        void close();
    }

    private record Call(long threadId, long bytesAtStart, Runnable onOverBudget) {
    }

    private final long budgetBytes;
    private final com.sun.management.ThreadMXBean threads;
    private final boolean measurable;
    private final Map<Object, Call> running = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor sampler = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("function-allocation-watch").daemon(true).factory());

    AllocationWatch(long budgetBytes) {
        this.budgetBytes = budgetBytes;
        this.threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        this.measurable = threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled();
        if (measurable) {
            sampler.scheduleAtFixedRate(this::sample, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        } else {
            log.warn("this JVM does not measure per-thread allocation, so functions.max_memory is not enforced");
        }
    }

    long budgetBytes() {
        return budgetBytes;
    }

    /**
     * Starts counting what the calling thread allocates. {@code onOverBudget} runs once, on a thread of its own,
     * when the call has allocated more than the budget; it is expected to end the call.
     */
    Watched watchThisThread(Runnable onOverBudget) {
        if (!measurable) {
            return () -> { };
        }
        Object key = new Object();
        running.put(key, new Call(Thread.currentThread().threadId(), threads.getCurrentThreadAllocatedBytes(),
                onOverBudget));
        return () -> running.remove(key);
    }

    private void sample() {
        try {
            running.forEach((key, call) -> {
                long allocated = threads.getThreadAllocatedBytes(call.threadId());
                if (allocated - call.bytesAtStart() > budgetBytes && running.remove(key, call)) {
                    Thread.ofVirtual().name("function-over-budget").start(call.onOverBudget());
                }
            });
        } catch (RuntimeException e) {
            log.warn("sampling function threads' allocation failed", e); // a periodic task that throws stops
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
