package io.fluxbase.mcp.kernel.vector;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The server's in-memory index of stored embeddings, rebuilt from them at start and kept current as they change.
 * It knows nothing of roles: its candidates are checked against the caller's role before anyone sees them.
 */
public interface VectorCandidates {

    /**
     * A searchable table: its display name, the key column candidates are named by, its metric, and the columns its
     * rows' text is made of (a caller's role must be able to read them to search by them).
     */
    record IndexedTable(String table, String keyColumn, VectorMetric metric, List<String> textColumns) {

        public IndexedTable {
            textColumns = List.copyOf(textColumns);
        }
    }

    /** One candidate row: its key as text and its similarity to the query. */
    record Candidate(String key, double similarity) {
    }

    /**
     * The table if it is vector-enabled; one enabled a moment ago, on this node or another, is looked up in the
     * database rather than refused.
     */
    CompletableFuture<Optional<IndexedTable>> table(String displayName);

    /** Display names of the vector-enabled tables, sorted. */
    List<String> tables();

    /**
     * How this node finds a table's candidates, as {@code vectors status} shows it: {@code pgvector} (in SQL),
     * {@code hnsw} (the in-memory graph holds every row) or {@code exact} (every row scored: a table below
     * {@code vectors.approximate_from} rows, or one whose graph is being built).
     */
    String search(String table);

    /** The {@code count} nearest rows to the (not yet normalised) query vector, nearest first. */
    CompletableFuture<List<Candidate>> nearest(IndexedTable table, float[] query, int count);
}
