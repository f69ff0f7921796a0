package io.fluxbase.mcp.edge.job;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.tool.BuiltInJobs;
import io.fluxbase.mcp.edge.tool.FunctionInvocations;
import io.fluxbase.mcp.kernel.audit.ArgumentAudit;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyDirectory;
import io.fluxbase.mcp.kernel.job.ClaimedJob;
import io.fluxbase.mcp.kernel.job.JobQueue;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs jobs on this node, at most {@code jobs.workers} at once. One dispatcher thread claims due jobs while a worker
 * is free, then sleeps until woken: by a NOTIFY from any node (a job queued, retried or cancelled), by a worker that
 * finished, or when the earliest queued job or running lease comes due; at the latest after {@link #FALLBACK_POLL}
 * (a notification lost while the listening connection was reopened). It never polls busily.
 */
@Component
public class JobRunner implements SmartLifecycle, JobQueue.JobSignals {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** How long a claim is this node's without renewal: a node that dies holds its jobs at most this long. */
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    static final Duration FALLBACK_POLL = Duration.ofSeconds(15);
    static final Duration KEY_CHECK_EVERY = Duration.ofSeconds(1);
    /** When another node holds the due row for a moment (SKIP LOCKED), look again this soon. */
    private static final Duration SHORTEST_SLEEP = Duration.ofMillis(100);

    private final JobQueue queue;
    private final FunctionInvocations invocations;
    private final CallRecorder recorder;
    private final ClientKeyDirectory keys;
    private final BuiltInJobs builtIns;
    private final ArgumentAudit audit;
    private final int workers;
    private final String node = nodeName();
    private final Semaphore free;
    private final Semaphore wakeups = new Semaphore(0);
    private final Map<String, JobAttempt> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-leases").daemon().factory());
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService attempts;
    private volatile boolean started;
    private Thread dispatcher;

    JobRunner(JobQueue queue, FunctionInvocations invocations, CallRecorder recorder, ClientKeyDirectory keys,
            BuiltInJobs builtIns, McpSettings settings, @Value("${fluxbase.jobs.workers:2}") int workers) {
        this.audit = settings.audit().mode();
        this.builtIns = builtIns;
        this.queue = queue;
        this.keys = keys;
        this.invocations = invocations;
        this.recorder = recorder;
        this.workers = workers;
        this.free = new Semaphore(workers);
        this.attempts = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("job-worker-", 1).daemon()
                .factory());
    }

    /** How this node names itself in the queue's leases and in JobStarted: host, process and a random part. */
    private static String nodeName() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        return runtime + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String node() {
        return node;
    }

    @Override
    public void workArrived() {
        wakeups.release();
    }

    @Override
    public void cancelled(String jobId) {
        JobAttempt attempt = running.get(jobId);
        // any login may NOTIFY on the jobs' channel: the queue says whether the job was really cancelled
        if (attempt != null && queue.isCancelled(jobId)) {
            attempt.cancel();
        }
    }

    private void dispatch() {
        while (started) {
            try {
                claimWhileFree();
                wakeups.tryAcquire(sleep().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("the job runner could not reach the queue ({}); trying again shortly", e.getMessage());
                pause();
            }
        }
    }

    private void claimWhileFree() {
        while (started && free.tryAcquire()) {
            Optional<ClaimedJob> claimed;
            try {
                claimed = queue.claim(node, LEASE);
            } catch (RuntimeException e) {
                free.release();
                throw e;
            }
            if (claimed.isEmpty()) {
                free.release();
                return;
            }
            JobAttempt attempt = new JobAttempt(claimed.get(), queue, invocations, recorder, audit, blocking,
                    keys, builtIns);
            running.put(claimed.get().jobId(), attempt);
            var renewal = renewals.scheduleAtFixedRate(() -> renew(attempt), RENEW_EVERY.toMillis(),
                    RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            var keyCheck = renewals.scheduleAtFixedRate(() -> blocking.execute(() -> stopIfItsKeyRetired(attempt)),
                    KEY_CHECK_EVERY.toMillis(), KEY_CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            attempts.execute(() -> {
                try {
                    attempt.run();
                } finally {
                    renewal.cancel(false);
                    keyCheck.cancel(false);
                    running.remove(claimed.get().jobId());
                    free.release();
                    wakeups.release();
                }
            });
        }
    }

    /** A lease that cannot be renewed is no longer ours: the job was cancelled or taken over, so stop running it. */
    private void renew(JobAttempt attempt) {
        try {
            if (!queue.renew(attempt.job(), LEASE)) {
                attempt.cancel();
            }
        } catch (RuntimeException e) {
            log.warn("could not renew the lease of job {} ({}); trying again", attempt.job().jobId(), e.getMessage());
        }
    }

    /**
     * A key revoked or expired while its job runs stops that job within about a second, as its calls are refused
     * within one. The registry's answer is cached for a second and forgotten on any change, so asking costs little.
     */
    private void stopIfItsKeyRetired(JobAttempt attempt) {
        try {
            String inactive = attempt.inactiveKey();
            if (inactive != null) {
                attempt.stopForItsKey(inactive);
            }
        } catch (Exception e) {
            // not knowing is no reason to stop a job that was allowed to start; the next check asks again
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Until the earliest due job or lease, but no longer than the fallback poll and no shorter than a moment. */
    private Duration sleep() {
        if (free.availablePermits() == 0) {
            return FALLBACK_POLL; // a finishing worker wakes the dispatcher
        }
        Duration sleep = queue.nextDue().map(due -> Duration.between(Instant.now(), due)).orElse(FALLBACK_POLL);
        if (sleep.compareTo(SHORTEST_SLEEP) < 0) {
            return SHORTEST_SLEEP;
        }
        return sleep.compareTo(FALLBACK_POLL) > 0 ? FALLBACK_POLL : sleep;
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        started = true;
        queue.listen(this);
        dispatcher = Thread.ofPlatform().name("job-dispatcher").daemon().start(this::dispatch);
        log.info("job runner {} started with {} workers", node, workers);
    }

    /**
     * Stops claiming, stops the attempts under way and hands their jobs back at once: the next claim on any node
     * runs them again as new attempts.
     */
    @Override
    public void stop() {
        started = false;
        dispatcher.interrupt();
        running.values().forEach(JobAttempt::abandon);
        attempts.shutdown();
        try {
            attempts.awaitTermination(5, TimeUnit.SECONDS);
            queue.releaseLeases(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("could not hand back the jobs of {} ({}); their leases will run out", node, e.getMessage());
        }
        renewals.shutdownNow();
        blocking.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
