package io.fluxbase.mcp.query.keyregistry;

import io.fluxbase.mcp.kernel.clientkey.Admission;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyAdmission;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.query.db.Conversations;
import io.r2dbc.spi.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks a key up and counts requests in one round trip: the count is an upsert on the shared rate_window table, so
 * every node sees the same number and a revoked key is refused on every node as soon as the registry has it.
 *
 * <p>Requests presenting the same key on this node are coalesced: while one statement is in flight, the requests that
 * arrive queue, and the next statement counts all of them at once ({@code + n}) and hands each its own position in
 * the window. Busy keys then cost one statement per round trip, not one per request, and do not queue on the row
 * lock of their counter.
 */
@Component
class KeyRegistryAdmission implements ClientKeyAdmission {

    private static final String ADMIT = """
            WITH k AS (
                SELECT %s, xmin::text AS row_version FROM fluxbase.key_registry WHERE key_hash = $1
            ), counted AS (
                INSERT INTO fluxbase.rate_window (key_id, window_start, requests)
                SELECT key_id, $2, $4 FROM k
                WHERE status = 'active' AND (expires_at IS NULL OR expires_at > $3)
                ON CONFLICT (key_id, window_start) DO UPDATE SET requests = fluxbase.rate_window.requests + $4
                RETURNING requests
            )
            SELECT k.*, coalesce((SELECT requests FROM counted), 0) AS requests FROM k""".formatted(ClientKeyRows.COLUMNS);

    /** The requests for one key on this node: at most one statement in flight, the rest waiting for the next. */
    private static final class Lane {
        final List<CompletableFuture<Admission>> waiting = new ArrayList<>();
        boolean inFlight;
    }

    private record Counted(Admission admission, long total) {
    }

    private record DecodedKey(String version, ClientKeyView view) {
    }

    private final DatabaseClient db;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, DecodedKey> decoded = new ConcurrentHashMap<>();

    KeyRegistryAdmission(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Admission> admit(String keyHash) {
        CompletableFuture<Admission> admission = new CompletableFuture<>();
        Lane lane = lanes.computeIfAbsent(keyHash, hash -> new Lane());
        List<CompletableFuture<Admission>> batch = null;
        synchronized (lane) {
            lane.waiting.add(admission);
            if (!lane.inFlight) {
                lane.inFlight = true;
                batch = drain(lane);
            }
        }
        if (batch != null) {
            send(keyHash, lane, batch);
        }
        return admission;
    }

    private void send(String keyHash, Lane lane, List<CompletableFuture<Admission>> batch) {
        Instant now = Instant.now();
        Instant windowStart = now.truncatedTo(ChronoUnit.MINUTES);
        Instant windowEnds = windowStart.plus(1, ChronoUnit.MINUTES);
        Conversations.toFuture(db.sql(ADMIT)
                .bind(0, keyHash)
                .bind(1, OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC))
                .bind(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .bind(3, (long) batch.size())
                .map((row, meta) -> new Counted(new Admission(view(row), 0, windowEnds),
                        row.get("requests", Long.class)))
                .one())
                .whenComplete((counted, error) -> {
                    for (int i = 0; i < batch.size(); i++) {
                        if (error != null) {
                            batch.get(i).completeExceptionally(error);
                        } else if (counted == null) {
                            batch.get(i).complete(Admission.unknown(now));
                        } else {
                            // this request's own position: the window's count before the batch, plus its place in it
                            long position = counted.total() == 0 ? 0 : counted.total() - batch.size() + i + 1;
                            Admission a = counted.admission();
                            batch.get(i).complete(new Admission(a.key(), position, a.windowEnds()));
                        }
                    }
                    List<CompletableFuture<Admission>> next;
                    synchronized (lane) {
                        next = drain(lane);
                        if (next == null) {
                            lane.inFlight = false;
                            lanes.remove(keyHash, lane);
                        }
                    }
                    if (next != null) {
                        send(keyHash, lane, next);
                    }
                });
    }

    /**
     * The key's view, decoded again only when its registry row changed. A row version's xmin names the transaction
     * that wrote it, and a transaction's last version of a row is the only one others ever see, so (key id, xmin)
     * names what was read: a revocation or any other change is a new version and is decoded at once.
     */
    private ClientKeyView view(Row row) {
        String keyId = row.get("key_id", String.class);
        String version = row.get("row_version", String.class);
        DecodedKey known = decoded.get(keyId);
        if (known != null && known.version().equals(version)) {
            return known.view();
        }
        ClientKeyView view = ClientKeyRows.view(row);
        decoded.put(keyId, new DecodedKey(version, view));
        return view;
    }

    private static List<CompletableFuture<Admission>> drain(Lane lane) {
        if (lane.waiting.isEmpty()) {
            return null;
        }
        List<CompletableFuture<Admission>> batch = new ArrayList<>(lane.waiting);
        lane.waiting.clear();
        return batch;
    }

    /** Windows older than the current minute are never read again. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void forgetOldWindows() {
        db.sql("DELETE FROM fluxbase.rate_window WHERE window_start < now() - interval '2 minutes'")
                .fetch().rowsUpdated().block();
    }
}
