package io.fluxbase.mcp.query.vector;

import io.fluxbase.mcp.kernel.vector.TextTemplate;
import io.fluxbase.mcp.kernel.vector.VectorCandidates;
import io.fluxbase.mcp.kernel.vector.VectorMetric;
import java.sql.Array;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * This node's copy of the stored embeddings, loaded at start and kept current by following their change numbers
 * (every upsert and tombstone takes a new one; the worker commits them in order), every {@link #POLL_MILLIS} ms.
 * A table of {@code vectors.approximate_from} rows or more is searched through an HNSW graph built here from what was
 * read and then given each change (see {@link TableVectors}). A table disabled, or enabled again, is dropped and
 * rebuilt. Where the database has pgvector, nothing is held here: {@link PgvectorSearch} finds the candidates in SQL.
 */
@Component
class EmbeddingIndex implements VectorCandidates, SmartLifecycle {

    static final long POLL_MILLIS = 250;
    private static final int PAGE = 5000;
    private static final Logger log = LoggerFactory.getLogger(EmbeddingIndex.class);

    private final JdbcTemplate jdbc;
    private final int approximateFrom;
    private final Map<String, TableVectors> tables = new ConcurrentHashMap<>();
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private long cursor;
    private boolean detected;
    private volatile @Nullable PgvectorSearch pgvector;
    private volatile boolean running;
    private Thread thread;

    EmbeddingIndex(JdbcTemplate jdbc, @Value("${fluxbase.vectors.approximate-from:10000}") int approximateFrom) {
        this.jdbc = jdbc;
        this.approximateFrom = approximateFrom;
    }

    @Override
    public CompletableFuture<Optional<IndexedTable>> table(String displayName) {
        TableVectors known = tables.get(displayName);
        if (known != null) {
            return CompletableFuture.completedFuture(Optional.of(known.table));
        }
        return CompletableFuture.supplyAsync(() -> {
            refresh();
            return Optional.ofNullable(tables.get(displayName)).map(vectors -> vectors.table);
        }, lookups);
    }

    @Override
    public List<String> tables() {
        return tables.keySet().stream().sorted().toList();
    }

    @Override
    public String search(String table) {
        if (pgvector != null) {
            return "pgvector";
        }
        TableVectors vectors = tables.get(table);
        return vectors != null && vectors.approximate() ? "hnsw" : "exact";
    }

    @Override
    public CompletableFuture<List<Candidate>> nearest(IndexedTable table, float[] query, int count) {
        PgvectorSearch database = pgvector;
        if (database != null) {
            return CompletableFuture.supplyAsync(() -> database.nearest(table, query, count, query.length), lookups);
        }
        TableVectors vectors = tables.get(table.table());
        return CompletableFuture.completedFuture(vectors == null ? List.of() : vectors.nearest(query, count));
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("embedding-index").daemon().start(this::loop);
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
        boolean failing = false;
        while (running) {
            try {
                refresh();
                failing = false;
                tables.values().forEach(TableVectors::maintainGraph);
            } catch (DataAccessException e) {
                if (!running) {
                    return;
                }
                if (!failing) {
                    log.warn("Vector index: cannot read stored embeddings ({}); searches use what was read",
                            e.getMostSpecificCause().getMessage());
                }
                failing = true;
            } catch (RuntimeException e) {
                log.warn("Vector index", e); // keep following the changes; searches use what was read
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads the enabled tables, then every embedding changed since the last read. */
    synchronized void refresh() {
        Map<String, TableVectors> current = new HashMap<>();
        jdbc.query("SELECT table_name, generation, key_column, metric, source_column, template"
                + " FROM fluxbase.vector_indexes", row -> {
            String name = row.getString(1);
            long generation = row.getLong(2);
            TableVectors known = tables.get(name);
            current.put(name, known != null && known.generation == generation ? known
                    : new TableVectors(new IndexedTable(name, row.getString(3),
                    VectorMetric.parse(row.getString(4), "metric"),
                    TextTemplate.of(row.getString(5), row.getString(6)).columns()), generation, approximateFrom));
        });
        tables.keySet().retainAll(current.keySet());
        tables.putAll(current);
        if (!detected) {
            pgvector = PgvectorSearch.ifAvailable(jdbc);
            detected = true;
        }
        PgvectorSearch database = pgvector;
        if (database != null) {
            // the database searches: nothing to hold in memory, only each table's index to create
            tables.values().forEach(vectors -> database.ensureIndex(vectors.table, vectors.generation));
            return;
        }
        while (true) {
            long[] last = {cursor};
            boolean[] stopped = {false};
            int[] read = {0};
            jdbc.query("SELECT table_name, row_key, embedding, change FROM fluxbase.vector_embeddings"
                    + " WHERE change > ? ORDER BY change LIMIT " + PAGE, row -> {
                        if (stopped[0]) {
                            return;
                        }
                        read[0]++;
                        TableVectors vectors = tables.get(row.getString(1));
                        if (vectors == null) {
                            // enabled after the tables were read: read it again next time, from here
                            stopped[0] = true;
                            return;
                        }
                        Array embedding = row.getArray(3);
                        if (embedding == null) {
                            vectors.remove(row.getString(2));
                        } else {
                            vectors.put(row.getString(2), floats((Float[]) embedding.getArray()));
                        }
                        last[0] = row.getLong(4);
                    }, cursor);
            cursor = last[0];
            if (stopped[0] || read[0] < PAGE) {
                return;
            }
        }
    }

    private static float[] floats(Float[] boxed) {
        float[] vector = new float[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            vector[i] = boxed[i];
        }
        return vector;
    }
}
