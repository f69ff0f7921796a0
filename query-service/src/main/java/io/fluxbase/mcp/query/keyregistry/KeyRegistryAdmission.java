package io.fluxbase.mcp.query.keyregistry;

import io.fluxbase.mcp.kernel.clientkey.Admission;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyAdmission;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Looks a key up and counts the request in one round trip: the count is an upsert on the shared rate_window
 * table, so every node sees the same number and a revoked key is refused on every node as soon as the registry
 * has it.
 */
@Component
class KeyRegistryAdmission implements ClientKeyAdmission {

    private static final String ADMIT = """
            WITH k AS (
                SELECT %s FROM fluxbase.key_registry WHERE key_hash = $1
            ), counted AS (
                INSERT INTO fluxbase.rate_window (key_id, window_start, requests)
                SELECT key_id, $2, 1 FROM k
                WHERE status = 'active' AND (expires_at IS NULL OR expires_at > $3)
                ON CONFLICT (key_id, window_start) DO UPDATE SET requests = fluxbase.rate_window.requests + 1
                RETURNING requests
            )
            SELECT k.*, coalesce((SELECT requests FROM counted), 0) AS requests FROM k""".formatted(ClientKeyRows.COLUMNS);

    private final DatabaseClient db;

    KeyRegistryAdmission(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Admission> admit(String keyHash, Instant now) {
        Instant windowStart = now.truncatedTo(ChronoUnit.MINUTES);
        Instant windowEnds = windowStart.plus(1, ChronoUnit.MINUTES);
        return db.sql(ADMIT)
                .bind(0, keyHash)
                .bind(1, OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC))
                .bind(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .map((row, meta) -> new Admission(ClientKeyRows.view(row), row.get("requests", Long.class), windowEnds))
                .one()
                .defaultIfEmpty(Admission.unknown(now))
                .toFuture();
    }

    /** Windows older than the current minute are never read again. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void forgetOldWindows() {
        db.sql("DELETE FROM fluxbase.rate_window WHERE window_start < now() - interval '2 minutes'")
                .fetch().rowsUpdated().block();
    }
}
