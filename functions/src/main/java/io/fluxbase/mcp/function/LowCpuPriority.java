package io.fluxbase.mcp.function;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Function threads yield the CPU to the server's own. A runaway function burns a core until its statement limit or
 * timeout ends it; on a machine with few cores that would slow every other call the server answers. On Linux a
 * thread has its own nice value, so each function thread raises its own to {@value #NICE} once, when it starts, and
 * the kernel then favours the server's threads (HTTP, database, projections) whenever they compete.
 *
 * <p>Java has no call for it, so {@code renice} does it, given the thread's native id (read from
 * {@code /proc/thread-self}, which only the thread itself can read as its own). It runs on a virtual thread, so a
 * call never waits for the process. Where either is missing the threads keep the normal priority (logged once).
 */
final class LowCpuPriority {

    static final int NICE = 10;
    private static final Logger log = LoggerFactory.getLogger(LowCpuPriority.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final AtomicBoolean unavailableLogged = new AtomicBoolean();

    private LowCpuPriority() {
    }

    /** Lowers the calling thread's priority, in the background: once per thread, when it starts. */
    static void applyToThisThread() {
        String nativeId;
        try {
            // "<pid>/task/<tid>"
            nativeId = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            unavailable("/proc/thread-self cannot be read (" + e.getMessage() + ")");
            return;
        }
        Thread.ofVirtual().name("function-renice").start(() -> renice(nativeId));
    }

    private static void renice(String nativeId) {
        try {
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(NICE), "-p", nativeId)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                unavailable("renice did not finish");
            } else if (renice.exitValue() != 0) {
                unavailable("renice exited with " + renice.exitValue());
            }
        } catch (IOException e) {
            unavailable("renice cannot be run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void unavailable(String why) {
        if (unavailableLogged.compareAndSet(false, true)) {
            log.info("function threads run at the server's CPU priority: {}; a busy function competes with the"
                    + " server's own threads for the CPU", why);
        }
    }
}
