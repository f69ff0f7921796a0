package io.fluxbase.mcp.callerdb;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The threads every caller statement over JDBC runs on (table writes, function calls, file writes, table reads):
 * blocking JDBC, so never an event loop. At shutdown the work in flight finishes (the records of writes go through
 * the command log writer, which stops after this); none is taken after.
 */
@Component
public class CallerWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallerWorkers.class);

    // one name for all: a numbered name is a string built for every statement, and these threads live for one
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("caller-jdbc").factory());
    private final Duration timeout;
    private volatile boolean running;

    CallerWorkers(@Value("${fluxbase.mcp.write-timeout:PT10S}") String writeTimeout) {
        this.timeout = Duration.parse(writeTimeout);
    }

    /** Runs {@code work}, or returns false when the server is stopping and takes no more. */
    public boolean execute(Runnable work) {
        if (!running) {
            return false;
        }
        try {
            workers.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                log.warn("caller statements still running at shutdown were abandoned; none of them committed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop before the command log writer (a lower phase), so the records of writes in flight still get out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 + 1;
    }
}
