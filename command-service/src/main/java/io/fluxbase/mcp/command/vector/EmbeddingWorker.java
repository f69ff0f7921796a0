package io.fluxbase.mcp.command.vector;

import io.fluxbase.mcp.kernel.vector.EmbeddingUnavailable;
import io.fluxbase.mcp.kernel.vector.Embeddings;
import io.fluxbase.mcp.kernel.vector.TextTemplate;
import io.fluxbase.mcp.kernel.vector.VectorMetric;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drains the vector queue: reads the queued rows' text as the owner, embeds in batches the rows whose text digest
 * changed, stores the embeddings (a deleted or emptied row leaves a tombstone the in-memory indexes follow), and
 * removes from the queue only rows not written again meanwhile. A failing provider leaves the rows queued, records
 * the error on the index ({@code vectors status}) and is tried again after a pause; searching keeps working.
 */
@Component
class EmbeddingWorker implements SmartLifecycle {

    static final int BATCH = 64;
    private static final long IDLE_MILLIS = 250;
    private static final long FAILURE_PAUSE_MILLIS = 3000;
    private static final long EMBED_TIMEOUT_SECONDS = 300;
    private static final Logger log = LoggerFactory.getLogger(EmbeddingWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Queued(String table, String key, Timestamp queuedAt, String keyColumn, String keyType,
            TextTemplate source, String model, VectorMetric metric) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Embeddings embeddings;
    private volatile boolean running;
    private Thread thread;

    EmbeddingWorker(JdbcTemplate jdbc, TransactionTemplate transaction, Embeddings embeddings) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.embeddings = embeddings;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("embedding-worker").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        thread.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        boolean prepared = false;
        long lastPurge = 0;
        while (running) {
            long pause = IDLE_MILLIS;
            try {
                if (!prepared && jdbc.queryForObject("SELECT count(*) FROM fluxbase.vector_indexes", Long.class) > 0) {
                    embeddings.prepare(); // a table is enabled: load the model now, not on the first search
                    prepared = true;
                }
                if (drainOnce() == BATCH) {
                    pause = 0;
                }
                if (System.currentTimeMillis() - lastPurge > 60_000) {
                    jdbc.update("DELETE FROM fluxbase.vector_embeddings WHERE embedding IS NULL"
                            + " AND changed_at < now() - interval '10 minutes'");
                    lastPurge = System.currentTimeMillis();
                }
            } catch (EmbeddingUnavailable e) {
                pause = FAILURE_PAUSE_MILLIS;
            } catch (DataAccessException e) {
                if (!running) {
                    return;
                }
                log.warn("Vector queue: {}", e.getMostSpecificCause().getMessage());
                pause = FAILURE_PAUSE_MILLIS;
            } catch (RuntimeException e) {
                log.warn("Vector queue", e);
                pause = FAILURE_PAUSE_MILLIS;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One batch of one table; returns how many queued rows it took. */
    int drainOnce() {
        List<Queued> batch = jdbc.query("""
                SELECT q.table_name, q.row_key, q.queued_at, i.key_column, i.key_type, i.source_column, i.template,
                       i.model, i.metric
                FROM fluxbase.vector_queue q JOIN fluxbase.vector_indexes i USING (table_name)
                WHERE q.table_name = (SELECT table_name FROM fluxbase.vector_queue ORDER BY queued_at LIMIT 1)
                ORDER BY q.queued_at LIMIT ?""", (row, n) -> new Queued(row.getString(1), row.getString(2),
                row.getTimestamp(3), row.getString(4), row.getString(5),
                TextTemplate.of(row.getString(6), row.getString(7)), row.getString(8),
                VectorMetric.parse(row.getString(9), "metric")), BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        Queued first = batch.getFirst();
        String[] keys = batch.stream().map(Queued::key).toArray(String[]::new);
        Map<String, String> texts;
        try {
            texts = texts(first, keys);
        } catch (DataAccessException e) {
            // e.g. the table was dropped or a column renamed: say so in 'vectors status' instead of only the log
            String reason = "cannot read the queued rows of " + first.table() + ": "
                    + e.getMostSpecificCause().getMessage();
            jdbc.update("UPDATE fluxbase.vector_indexes SET last_error = ?, last_error_at = now() WHERE"
                    + " table_name = ?", reason, first.table());
            throw new EmbeddingUnavailable(reason, e);
        }
        Map<String, byte[]> known = new HashMap<>();
        jdbc.query("SELECT row_key, text_digest FROM fluxbase.vector_embeddings WHERE table_name = ?"
                + " AND row_key = ANY(?)", row -> {
                    known.put(row.getString(1), row.getBytes(2));
                }, first.table(), keys);
        Map<String, byte[]> digests = new LinkedHashMap<>();
        List<String> toEmbed = new ArrayList<>();
        for (Map.Entry<String, String> entry : texts.entrySet()) {
            byte[] digest = digest(first.model(), entry.getValue());
            if (!Arrays.equals(digest, known.get(entry.getKey()))) {
                digests.put(entry.getKey(), digest);
                toEmbed.add(entry.getKey());
            }
        }
        List<float[]> vectors;
        try {
            vectors = toEmbed.isEmpty() ? List.of() : embeddings.embed(toEmbed.stream().map(texts::get).toList())
                    .get(EMBED_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            String reason = failure(e);
            jdbc.update("UPDATE fluxbase.vector_indexes SET last_error = ?, last_error_at = now() WHERE"
                    + " table_name = ?", reason, first.table());
            log.warn("Embedding {} rows of {} failed: {}", toEmbed.size(), first.table(), reason);
            throw new EmbeddingUnavailable(reason);
        }
        transaction.executeWithoutResult(status -> {
            // one writer at a time across nodes, so changes commit in the order of their numbers and an index that
            // follows them by number misses none
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('fluxbase.vector_embeddings'))");
            List<Object[]> upserts = new ArrayList<>();
            for (int i = 0; i < toEmbed.size(); i++) {
                upserts.add(new Object[] {first.table(), toEmbed.get(i), digests.get(toEmbed.get(i)),
                        first.metric().stored(vectors.get(i))});
            }
            jdbc.batchUpdate("""
                    INSERT INTO fluxbase.vector_embeddings (table_name, row_key, text_digest, embedding)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (table_name, row_key) DO UPDATE SET text_digest = excluded.text_digest,
                        embedding = excluded.embedding, change = nextval('fluxbase.vector_changes'), changed_at = now()
                    """, upserts, upserts.size(), (statement, values) -> {
                        statement.setString(1, (String) values[0]);
                        statement.setString(2, (String) values[1]);
                        statement.setBytes(3, (byte[]) values[2]);
                        statement.setArray(4, realArray(statement.getConnection(), (float[]) values[3]));
                    });
            String[] gone = Arrays.stream(keys).filter(key -> !texts.containsKey(key)).toArray(String[]::new);
            if (gone.length > 0) {
                jdbc.update("UPDATE fluxbase.vector_embeddings SET embedding = NULL, text_digest = NULL,"
                        + " change = nextval('fluxbase.vector_changes'), changed_at = now()"
                        + " WHERE table_name = ? AND row_key = ANY(?) AND embedding IS NOT NULL", first.table(), gone);
            }
            List<Object[]> done = batch.stream().map(q -> new Object[] {q.table(), q.key(), q.queuedAt()}).toList();
            jdbc.batchUpdate("DELETE FROM fluxbase.vector_queue WHERE table_name = ? AND row_key = ? AND"
                    + " queued_at = ?", done);
            jdbc.update("UPDATE fluxbase.vector_indexes SET last_error = NULL, last_error_at = NULL WHERE"
                    + " table_name = ? AND last_error IS NOT NULL", first.table());
        });
        return batch.size();
    }

    /** Key to text of the rows that still exist and have text; a row missing here is deleted or empty. */
    private Map<String, String> texts(Queued index, String[] keys) {
        Map<String, String> texts = new LinkedHashMap<>();
        String table = io.fluxbase.mcp.kernel.table.TableRef.parse(index.table()).qualified();
        String key = VectorIndexCatalog.quote(index.keyColumn());
        jdbc.query("SELECT t." + key + "::text, to_jsonb(t)::text FROM " + table + " t WHERE t." + key
                + " = ANY(CAST(? AS " + index.keyType() + "[]))", row -> {
                    Map<String, Object> values = object(row.getString(2));
                    String text = index.source().render(values);
                    if (!text.isBlank()) {
                        texts.put(row.getString(1), text);
                    }
                }, (Object) keys);
        return texts;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL rendered a row as invalid JSON", e);
        }
    }

    private static Array realArray(java.sql.Connection connection, float[] vector) throws java.sql.SQLException {
        Float[] boxed = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            boxed[i] = vector[i];
        }
        return connection.createArrayOf("real", boxed);
    }

    static byte[] digest(String model, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(model.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String failure(Exception e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException || e instanceof CompletionException
                ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return "the embedding provider took over " + EMBED_TIMEOUT_SECONDS + " s for one batch";
        }
        return cause == null ? e.toString() : cause.getMessage();
    }
}
