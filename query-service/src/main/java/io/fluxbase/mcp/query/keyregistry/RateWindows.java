package io.fluxbase.mcp.query.keyregistry;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Requests per key and one-minute window, counted on this node and reconciled through {@code fluxbase.rate_window}
 * every {@link #SYNC_EVERY}: each node adds what it counted since and reads back the cluster's total. A request's
 * position in its window is that total plus what this node counted since, so a single node counts exactly, and a
 * cluster can admit beyond a key's limit at most what its other nodes admitted in the last two reconciliations
 * (about 0.4 s of the key's traffic). The hot path runs no statement.
 */
@Component
class RateWindows {

    private static final Logger log = LoggerFactory.getLogger(RateWindows.class);

    static final Duration SYNC_EVERY = Duration.ofMillis(200);
    /** A window whose key was used this recently is reconciled even when this node counted nothing new. */
    private static final Duration FOLLOW_FOR = Duration.ofSeconds(5);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private static final String ADD = """
            INSERT INTO fluxbase.rate_window (key_id, window_start, requests)
            SELECT u.key_id, $1, u.requests FROM unnest($2::text[], $3::bigint[]) AS u(key_id, requests)
            ON CONFLICT (key_id, window_start) DO UPDATE SET requests = fluxbase.rate_window.requests + EXCLUDED.requests
            RETURNING key_id, requests""";

    /** One key's current window on this node. */
    private static final class Window {
        final Instant start;
        private long clusterTotal;
        private long inFlight;
        private long unsent;
        private long lastUseNanos = System.nanoTime();

        Window(Instant start) {
            this.start = start;
        }

        synchronized long count() {
            unsent++;
            lastUseNanos = System.nanoTime();
            return clusterTotal + inFlight + unsent;
        }

        synchronized long send() {
            inFlight = unsent;
            unsent = 0;
            return inFlight;
        }

        /** {@code total} is the cluster's count with what was in flight added. */
        synchronized void sent(long total) {
            clusterTotal = total;
            inFlight = 0;
        }

        synchronized void notSent() {
            unsent += inFlight;
            inFlight = 0;
        }

        synchronized boolean followed(long nowNanos) {
            return unsent > 0 || nowNanos - lastUseNanos < FOLLOW_FOR.toNanos();
        }

        /**
         * Kept while its minute lasts, followed or not: a window dropped mid-minute would come back at zero, and its
         * key would be admitted its whole limit again.
         */
        synchronized boolean over(Instant now) {
            return unsent == 0 && inFlight == 0 && !now.isBefore(start.plus(WINDOW));
        }
    }

    private final DatabaseClient db;
    private final Map<String, Window> byKey = new ConcurrentHashMap<>();

    RateWindows(DatabaseClient db) {
        this.db = db;
    }

    /** Counts a request of the key in the window starting at {@code windowStart}; returns its position there. */
    long count(String keyId, Instant windowStart) {
        Window window = byKey.get(keyId);
        if (window == null || !window.start.equals(windowStart)) {
            window = byKey.compute(keyId, (id, old) -> old != null && !old.start.isBefore(windowStart) ? old
                    : new Window(windowStart));
        }
        return window.count();
    }

    @Scheduled(fixedDelay = 200, initialDelay = 200)
    void reconcile() {
        long now = System.nanoTime();
        Instant wallClock = Instant.now();
        Map<Instant, List<Map.Entry<String, Window>>> due = new HashMap<>();
        for (Map.Entry<String, Window> entry : byKey.entrySet()) {
            Window window = entry.getValue();
            if (window.followed(now)) {
                due.computeIfAbsent(window.start, start -> new ArrayList<>()).add(entry);
            } else if (window.over(wallClock)) {
                byKey.remove(entry.getKey(), window);
            }
        }
        due.forEach(this::reconcile);
    }

    private void reconcile(Instant start, List<Map.Entry<String, Window>> windows) {
        String[] keys = windows.stream().map(Map.Entry::getKey).toArray(String[]::new);
        Long[] counts = windows.stream().map(entry -> entry.getValue().send()).toArray(Long[]::new);
        Map<String, Window> byId = windows.stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        try {
            db.sql(ADD)
                    .bind(0, OffsetDateTime.ofInstant(start, ZoneOffset.UTC))
                    .bind(1, keys)
                    .bind(2, counts)
                    .map((row, meta) -> {
                        byId.get(row.get("key_id", String.class)).sent(row.get("requests", Long.class));
                        return 1;
                    })
                    .all()
                    .then()
                    .block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            windows.forEach(entry -> entry.getValue().notSent());
            log.warn("could not reconcile request counts with the database (kept for the next try): {}", e.toString());
        }
    }

    /** Windows older than the current minute are never read again. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void forgetOldWindows() {
        db.sql("DELETE FROM fluxbase.rate_window WHERE window_start < now() - interval '2 minutes'")
                .fetch().rowsUpdated().block();
    }
}
