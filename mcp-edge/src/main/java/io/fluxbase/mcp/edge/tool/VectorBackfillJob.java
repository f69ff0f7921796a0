package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.vector.VectorBackfill;
import io.fluxbase.mcp.kernel.vector.VectorIndexNotFound;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code vector_backfill}: embeds the rows a table held when it was vector-enabled, a batch at a time in key order,
 * reporting "N of M rows embedded". The admin API submits it when a table is enabled; keys cannot submit it. An
 * attempt that fails (the provider down) is retried as jobs are, and starts over cheaply: rows whose text digest is
 * stored already are not embedded again. A table disabled meanwhile ends the job: there is nothing left to embed.
 */
@Component
public class VectorBackfillJob implements BuiltInJob {

    public static final String NAME = "vector_backfill";

    private final VectorBackfill backfill;

    VectorBackfillJob(VectorBackfill backfill) {
        this.backfill = backfill;
    }

    /** The payload the admin API submits for {@code table}. */
    public static Map<String, Object> payload(String table) {
        return Map.of("table", table);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxAttempts() {
        return 5;
    }

    @Override
    public Duration backoff() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Duration timeout() {
        return Duration.ofHours(6);
    }

    @Override
    public boolean submittable() {
        return false;
    }

    @Override
    public void check(Caller caller, @Nullable Object payload) {
        throw new IllegalArgumentException("name: vector_backfill is started by enabling a table (fluxbase vectors"
                + " enable --table TABLE --column COLUMN), not by submit_job");
    }

    @Override
    public CompletableFuture<Map<String, Object>> run(Caller caller, @Nullable Object payload,
            BiFunction<Integer, String, CompletableFuture<Void>> progress) {
        if (!(payload instanceof Map<?, ?> fields) || !(fields.get("table") instanceof String table)) {
            throw new IllegalArgumentException("payload: vector_backfill needs {table}");
        }
        CompletableFuture<Map<String, Object>> done = new CompletableFuture<>();
        Thread.ofVirtual().name(NAME).start(() -> {
            try {
                done.complete(embed(table, progress, done));
            } catch (VectorIndexNotFound e) {
                // disabled meanwhile: nothing is left to embed, and retrying would not change that
                progress.apply(100, "the table is no longer vector-enabled; nothing to embed");
                done.complete(Map.of("table", table, "disabled", true));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private Map<String, Object> embed(String table, BiFunction<Integer, String, CompletableFuture<Void>> progress,
            CompletableFuture<?> run) {
        long total = backfill.rows(table);
        long embedded = 0;
        progress.apply(0, shown(0, total));
        String after = null;
        while (true) {
            if (run.isCancelled()) {
                throw new CancellationException();
            }
            VectorBackfill.Batch batch = backfill.embedAfter(table, after);
            if (batch.lastKey() == null) {
                break;
            }
            embedded += batch.rows();
            after = batch.lastKey();
            // rows written since the count are walked too: the progress stays at or under 99% until the end
            progress.apply((int) Math.min(99, total == 0 ? 99 : embedded * 100 / total), shown(embedded, total));
        }
        progress.apply(100, shown(embedded, total));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("table", table);
        result.put("rows_embedded", embedded);
        result.put("rows_at_start", total);
        return result;
    }

    private static String shown(long embedded, long total) {
        return embedded + " of " + total + " rows embedded";
    }
}
