package io.fluxbase.mcp.edge.auth;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Refusals of requests that no valid key vouches for (a missing, unknown, revoked or expired key, or a request
 * refused before a key was presented), counted per client address and minute, so that a stranger cannot make each
 * one cost a durable write. The first of an address's minute is recorded by itself, like any refusal; the rest are
 * counted and recorded together, in one {@code auth} record per address and minute (their number in {@code rows}),
 * once the minute is over. Past {@code mcp.auth_failures_per_min} failed authentications in its minute, an address
 * is answered 429 until the minute ends; a valid key from the same address is never refused by this. Counts are
 * per server process.
 */
@Component
public class AuthFailureThrottle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuthFailureThrottle.class);

    /** Addresses tracked at once; beyond that, new addresses share one window, so memory stays bounded. */
    static final int MAX_ADDRESSES = 10_000;
    static final String OTHER_ADDRESSES = "other addresses";
    private static final int MAX_KEYS_NAMED = 5;

    /** What the caller is told, and whether this refusal gets a record of its own now. */
    public record Verdict(HttpRefusal refusal, boolean recordNow, @Nullable Window window) {

        /** A refusal counted into its window's summary: the bytes of the answer it got. */
        public void sent(long bytes) {
            if (window != null) {
                window.sent(bytes);
            }
        }
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Queue<Window> ended = new ConcurrentLinkedQueue<>();
    private final CallAudit audit;
    private final int limit;
    private volatile boolean running;

    AuthFailureThrottle(CallAudit audit, McpSettings settings) {
        this.audit = audit;
        this.limit = settings.mcp().authFailuresPerMin();
    }

    /** Counts a refusal of a request without a valid key; the verdict may turn a 401 into a 429. */
    public Verdict count(CallContext call, HttpRefusal refusal) {
        Instant now = Instant.now();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        String address = call.ip() == null ? "unknown" : call.ip();
        if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
            address = OTHER_ADDRESSES;
        }
        Verdict[] verdict = new Verdict[1];
        // counted inside compute: a window the sweeper took out is never counted into afterwards
        windows.compute(address, (key, old) -> {
            Window window = old;
            if (window == null || !window.minute.equals(minute)) {
                if (window != null) {
                    ended.add(window);
                }
                window = new Window(key, minute);
            }
            verdict[0] = window.count(call, refusal, now, limit);
            return window;
        });
        return verdict[0];
    }

    /** Writes the summaries of the minutes that are over. */
    @Scheduled(fixedDelay = 5, timeUnit = TimeUnit.SECONDS)
    void recordEndedMinutes() {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        windows.forEach((address, window) -> {
            if (window.minute.isBefore(minute) && windows.remove(address, window)) {
                ended.add(window);
            }
        });
        for (Window window; (window = ended.poll()) != null; ) {
            record(window);
        }
    }

    private void record(Window window) {
        CallContext summary = window.summary(limit);
        if (summary != null) {
            audit.record(summary).subscribe(null, error -> log.warn("could not record {} refused requests from {}"
                    + " in the audit log", summary.rows(), window.address, error));
        }
    }

    // ---- lifecycle: the last minutes are recorded before the command log stops ----

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        windows.forEach((address, window) -> {
            if (windows.remove(address, window)) {
                ended.add(window);
            }
        });
        List<CallContext> summaries = ended.stream().map(window -> window.summary(limit))
                .filter(java.util.Objects::nonNull).toList();
        ended.clear();
        Flux.fromIterable(summaries).flatMap(audit::record).then()
                .timeout(Duration.ofSeconds(5))
                .onErrorResume(error -> {
                    log.warn("could not record the last refused requests in the audit log", error);
                    return reactor.core.publisher.Mono.empty();
                })
                .block();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server stops (no more refusals come), before the command log writer does. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2 + 1;
    }

    /** One address's minute. */
    public static final class Window {
        private final String address;
        private final Instant minute;
        private int failures;
        private int requests;
        private int summarised;
        private int throttled;
        private long bytes;
        private final Map<String, Integer> reasons = new TreeMap<>();
        private final Set<String> keys = new LinkedHashSet<>();
        private @Nullable String userAgent;
        private boolean recorded;

        Window(String address, Instant minute) {
            this.address = address;
            this.minute = minute;
        }

        synchronized Verdict count(CallContext call, HttpRefusal refusal, Instant now, int limit) {
            HttpRefusal answer = refusal;
            if (ClientKeyAuthenticator.isAuthFailure(refusal) && ++failures > limit) {
                long retryAfter = Math.max(1, Duration.between(now, minute.plus(1, ChronoUnit.MINUTES)).toSeconds()
                        + 1);
                String message = "Too many failed authentications from this address: " + limit + " a minute are"
                        + " allowed; retry after " + retryAfter + " s with a valid client key in the X-Client-Key"
                        + " header (or Authorization: Bearer <key>).";
                answer = new HttpRefusal(ErrorCode.AUTH_THROTTLED, message, message, retryAfter);
                throttled++;
            }
            if (requests++ == 0) {
                return new Verdict(answer, true, null);
            }
            summarised++;
            reasons.merge(refusal.errorCode(), 1, Integer::sum);
            if (call.principal().keyId() != null && keys.size() < MAX_KEYS_NAMED) {
                keys.add(call.principal().keyId());
            }
            userAgent = call.userAgent();
            return new Verdict(answer, false, this);
        }

        synchronized void sent(long answerBytes) {
            bytes += answerBytes;
        }

        /** The record of the requests not recorded by themselves, once; null when there were none. */
        synchronized @Nullable CallContext summary(int limit) {
            if (summarised == 0 || recorded) {
                return null;
            }
            recorded = true;
            CallContext summary = new CallContext(address.equals(OTHER_ADDRESSES) ? null : address, userAgent, null);
            summary.category(AuditCategory.AUTH);
            summary.method("refused requests");
            summary.rows(summarised);
            summary.bytesOut(bytes);
            String counts = reasons.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            summary.fail(ErrorCode.REPEATED_FAILURES, throttled > 0 ? CallOutcome.RATE_LIMITED : CallOutcome.DENIED,
                    summarised + " more requests without a valid client key from " + address + " in the minute from "
                            + minute + " (" + counts + ")"
                            + (throttled > 0 ? "; " + throttled + " answered 429 past mcp.auth_failures_per_min ("
                                    + limit + ")" : "")
                            + (keys.isEmpty() ? "" : "; keys presented: " + String.join(", ", keys)));
            return summary;
        }
    }
}
