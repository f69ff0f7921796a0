package io.fluxbase.mcp.command.vector;

import io.fluxbase.mcp.command.db.ForcedRowSecurity;
import io.fluxbase.mcp.command.db.SchemaOwnerLogin;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.vector.EmbeddingUnavailable;
import io.fluxbase.mcp.kernel.vector.Embeddings;
import io.fluxbase.mcp.kernel.vector.TextTemplate;
import io.fluxbase.mcp.kernel.vector.VectorBackfill;
import io.fluxbase.mcp.kernel.vector.VectorIndexNotFound;
import io.fluxbase.mcp.kernel.vector.VectorMetric;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Drains the vector queue: reads the queued rows' text on the schema owner's login, embeds in batches the rows whose
 * text digest changed, stores the embeddings (a deleted or emptied row leaves a tombstone the in-memory indexes
 * follow), and removes from the queue only rows not written again meanwhile. A failing provider leaves the rows queued, records
 * the error on the index ({@code vectors status}) and is tried again after a pause; searching keeps working. The
 * backfill job embeds a table's existing rows through the same steps, walking the table by key instead of the queue,
 * and so does {@link ChangeEventEmbeddings} for the rows named by MCP writes' change events.
 */
@Component
class EmbeddingWorker implements SmartLifecycle, VectorBackfill {

    static final int BATCH = 64;
    private static final long IDLE_MILLIS = 250;
    private static final long FAILURE_PAUSE_MILLIS = 3000;
    private static final long EMBED_TIMEOUT_SECONDS = 300;
    private static final Logger log = LoggerFactory.getLogger(EmbeddingWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Primary keys keep their numbers as written (1.50 stays 1.50), as to_jsonb renders them. */
    private static final ObjectMapper KEYS = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final String INDEX_COLUMNS = "i.table_name, i.key_column, i.key_type, i.source_column,"
            + " i.template, i.model, i.metric";

    /** The most characters of one value that go into a row's text (models read a few thousand at most). */
    private static final int VALUE_CHARS = 65_536;

    private record Index(String table, String keyColumn, String keyType, TextTemplate source, String model,
            VectorMetric metric) {

        String qualified() {
            return TableRef.parse(table).qualified();
        }
    }

    private record Queued(Index index, String key, Timestamp queuedAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Embeddings embeddings;
    /** The project's rows are read on the schema owner's own login, never on the server's. */
    private final SchemaOwnerLogin owner;
    private volatile boolean running;
    private Thread thread;

    EmbeddingWorker(JdbcTemplate jdbc, TransactionTemplate transaction, Embeddings embeddings,
            SchemaOwnerLogin owner) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.embeddings = embeddings;
        this.owner = owner;
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
                if (!prepared && anyEnabled()) {
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
        List<Queued> batch = jdbc.query("SELECT q.row_key, q.queued_at, " + INDEX_COLUMNS + """
                 FROM fluxbase.vector_queue q JOIN fluxbase.vector_indexes i USING (table_name)
                WHERE q.table_name = (SELECT table_name FROM fluxbase.vector_queue ORDER BY queued_at LIMIT 1)
                ORDER BY q.queued_at LIMIT ?""", (row, n) -> new Queued(index(row), row.getString("row_key"),
                row.getTimestamp("queued_at")), BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        Index index = batch.getFirst().index();
        embed(index, batch.stream().map(Queued::key).toArray(String[]::new), () -> {
            List<Object[]> done = batch.stream().map(q -> new Object[] {index.table(), q.key(), q.queuedAt()})
                    .toList();
            jdbc.batchUpdate("DELETE FROM fluxbase.vector_queue WHERE table_name = ? AND row_key = ? AND"
                    + " queued_at = ?", done);
        });
        return batch.size();
    }

    /** Whether any table is vector-enabled. */
    boolean anyEnabled() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT FROM fluxbase.vector_indexes)",
                Boolean.class));
    }

    /**
     * The row keys (as the queue names them) of a vector-enabled table among the primary keys of change events
     * ({@code {"id":5}}), each once (a batch may insert a row and update it); empty for a table that is not
     * vector-enabled.
     */
    List<String> rowKeys(String table, List<String> primaryKeys) {
        Optional<Index> enabled = enabled(table);
        if (enabled.isEmpty()) {
            return List.of();
        }
        String keyColumn = enabled.get().keyColumn();
        Set<String> keys = new LinkedHashSet<>();
        for (String primaryKey : primaryKeys) {
            try {
                JsonNode value = KEYS.readTree(primaryKey).get(keyColumn);
                if (value != null && !value.isNull()) {
                    // as to_jsonb(row) ->> key renders it, which is how the queue names rows
                    keys.add(value.isTextual() ? value.asText() : value.toString());
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a change event's primary key is not JSON: " + primaryKey, e);
            }
        }
        return List.copyOf(keys);
    }

    /** Embeds the named rows of a vector-enabled table (in batches; a row whose text did not change is skipped). */
    void embedRows(String table, List<String> keys) {
        Index index = index(table);
        for (int from = 0; from < keys.size(); from += BATCH) {
            embed(index, keys.subList(from, Math.min(keys.size(), from + BATCH)).toArray(String[]::new), () -> { });
        }
    }

    /** Puts rows on the queue, whose loop embeds them and retries while the provider fails. */
    void enqueue(String table, List<String> keys) {
        jdbc.update("INSERT INTO fluxbase.vector_queue (table_name, row_key) SELECT ?, unnest(?::text[])"
                + " ON CONFLICT (table_name, row_key) DO UPDATE SET queued_at = clock_timestamp()", table,
                keys.toArray(String[]::new));
    }

    @Override
    public long rows(String table) {
        Index index = index(table);
        return ForcedRowSecurity.told(() -> owner.read(rows -> rows.queryForObject("SELECT count(*) FROM "
                + index.qualified(), Long.class)), index.table());
    }

    @Override
    public Batch embedAfter(String table, @Nullable String afterKey) {
        Index index = index(table);
        String key = "t." + VectorIndexCatalog.quote(index.keyColumn());
        String rows = "SELECT " + key + "::text FROM " + index.qualified() + " t";
        List<String> keys = ForcedRowSecurity.told(() -> owner.read(owned -> afterKey == null
                ? owned.queryForList(rows + " ORDER BY " + key + " LIMIT " + BATCH, String.class)
                : owned.queryForList(rows + " WHERE " + key + " > CAST(? AS " + index.keyType() + ") ORDER BY " + key
                        + " LIMIT " + BATCH, String.class, afterKey)), index.table());
        if (keys.isEmpty()) {
            return new Batch(0, null);
        }
        embed(index, keys.toArray(String[]::new), () -> { });
        return new Batch(keys.size(), keys.getLast());
    }

    private Index index(String table) {
        return enabled(table).orElseThrow(() -> new VectorIndexNotFound(TableRef.parse(table).displayName(),
                jdbc.queryForList("SELECT table_name FROM fluxbase.vector_indexes ORDER BY 1", String.class)));
    }

    private Optional<Index> enabled(String table) {
        return jdbc.query("SELECT " + INDEX_COLUMNS + " FROM fluxbase.vector_indexes i WHERE i.table_name = ?",
                (row, n) -> index(row), TableRef.parse(table).displayName()).stream().findFirst();
    }

    private static Index index(ResultSet row) throws SQLException {
        return new Index(row.getString("table_name"), row.getString("key_column"), row.getString("key_type"),
                TextTemplate.of(row.getString("source_column"), row.getString("template")), row.getString("model"),
                VectorMetric.parse(row.getString("metric"), "metric"));
    }

    /**
     * Embeds the rows of {@code keys} whose text changed and stores them (a row gone or emptied becomes a
     * tombstone), then runs {@code alsoCommitted} in the same transaction.
     */
    private void embed(Index index, String[] keys, Runnable alsoCommitted) {
        Map<String, String> texts;
        try {
            texts = texts(index, keys);
        } catch (DataAccessException e) {
            // e.g. the table was dropped or a column renamed: say so in 'vectors status' instead of only the log
            String reason = ForcedRowSecurity.refusal(e, index.table()).map(Throwable::getMessage)
                    .orElseGet(() -> "cannot read the rows of " + index.table() + ": "
                            + e.getMostSpecificCause().getMessage());
            jdbc.update("UPDATE fluxbase.vector_indexes SET last_error = ?, last_error_at = now() WHERE"
                    + " table_name = ?", reason, index.table());
            throw new EmbeddingUnavailable(reason, e);
        }
        Map<String, byte[]> known = new HashMap<>();
        jdbc.query("SELECT row_key, text_digest FROM fluxbase.vector_embeddings WHERE table_name = ?"
                + " AND row_key = ANY(?)", row -> {
                    known.put(row.getString(1), row.getBytes(2));
                }, index.table(), keys);
        Map<String, byte[]> digests = new LinkedHashMap<>();
        List<String> toEmbed = new ArrayList<>();
        for (Map.Entry<String, String> entry : texts.entrySet()) {
            byte[] digest = digest(index.model(), entry.getValue());
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
                    + " table_name = ?", reason, index.table());
            log.warn("Embedding {} rows of {} failed: {}", toEmbed.size(), index.table(), reason);
            throw new EmbeddingUnavailable(reason);
        }
        transaction.executeWithoutResult(status -> {
            // one writer at a time across nodes, so changes commit in the order of their numbers and an index that
            // follows them by number misses none
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('fluxbase.vector_embeddings'))");
            List<Object[]> upserts = new ArrayList<>();
            for (int i = 0; i < toEmbed.size(); i++) {
                upserts.add(new Object[] {index.table(), toEmbed.get(i), digests.get(toEmbed.get(i)),
                        index.metric().stored(vectors.get(i))});
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
                        + " WHERE table_name = ? AND row_key = ANY(?) AND embedding IS NOT NULL", index.table(), gone);
            }
            alsoCommitted.run();
            jdbc.update("UPDATE fluxbase.vector_indexes SET last_error = NULL, last_error_at = NULL WHERE"
                    + " table_name = ? AND last_error IS NOT NULL", index.table());
        });
    }

    /** Key to text of the rows that still exist and have text; a row missing here is deleted or empty. */
    private Map<String, String> texts(Index index, String[] keys) {
        Map<String, String> texts = new LinkedHashMap<>();
        String table = index.qualified();
        String key = VectorIndexCatalog.quote(index.keyColumn());
        // only the columns the text is made of, each cut to VALUE_CHARS: a row can hold megabytes, and a batch of them
        // read whole would fill the server's memory for text the model reads only the start of
        return owner.read(rows -> {
            rows.query("SELECT t." + key + "::text, (SELECT coalesce(jsonb_object_agg(k, CASE WHEN octet_length(v::text)"
                    + " > " + VALUE_CHARS + " THEN to_jsonb(left(v #>> '{}', " + VALUE_CHARS + ")) ELSE v END), '{}')"
                    + " FROM jsonb_each(to_jsonb(t)) AS e(k, v) WHERE k = ANY(?))::text FROM " + table + " t WHERE t."
                    + key + " = ANY(CAST(? AS " + index.keyType() + "[]))", row -> {
                        Map<String, Object> values = object(row.getString(2));
                        String text = index.source().render(values);
                        if (!text.isBlank()) {
                            texts.put(row.getString(1), text);
                        }
                    }, index.source().columns().toArray(String[]::new), keys);
            return texts;
        });
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
        MessageDigest sha = Digests.sha256Digest();
        sha.update(model.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        return sha.digest(text.getBytes(StandardCharsets.UTF_8));
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
