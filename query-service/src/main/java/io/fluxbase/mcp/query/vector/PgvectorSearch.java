package io.fluxbase.mcp.query.vector;

import io.fluxbase.mcp.kernel.vector.VectorCandidates.Candidate;
import io.fluxbase.mcp.kernel.vector.VectorCandidates.IndexedTable;
import io.fluxbase.mcp.kernel.vector.VectorMetric;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the database has the {@code vector} extension (pgvector; the docker-compose image has it): the stored
 * embeddings get a {@code vector} column (generated from the {@code real[]} one) and each enabled table an HNSW index
 * over its rows, and candidates come from SQL instead of the server's memory. Not available on the embedded
 * database (nor in its binaries), where {@link TableVectors} serves.
 */
final class PgvectorSearch {

    private static final Logger log = LoggerFactory.getLogger(PgvectorSearch.class);

    private final JdbcTemplate jdbc;
    /** The extension's schema, quoted: the server's sessions search no schema but PostgreSQL's own (DataSources). */
    private final String schema;
    private final Set<Long> indexed = new HashSet<>();

    private PgvectorSearch(JdbcTemplate jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    /** Sets the extension and the column up when the database offers pgvector; null when it does not. */
    static @Nullable PgvectorSearch ifAvailable(JdbcTemplate jdbc) {
        if (jdbc.queryForList("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").isEmpty()) {
            return null;
        }
        // where it went before the server's sessions named their schemas (the project may use it there too)
        jdbc.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public");
        String schema = jdbc.queryForObject("SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n"
                + " ON n.oid = e.extnamespace WHERE e.extname = 'vector'", String.class);
        jdbc.execute("ALTER TABLE fluxbase.vector_embeddings ADD COLUMN IF NOT EXISTS embedding_vector " + schema
                + ".vector GENERATED ALWAYS AS (embedding::" + schema + ".vector) STORED");
        log.info("Vector search uses pgvector: HNSW indexes in the database");
        return new PgvectorSearch(jdbc, schema);
    }

    /** An HNSW index per enabled table, once its rows' dimension is known (from its first embedding). */
    synchronized void ensureIndex(IndexedTable table, long generation) {
        if (indexed.contains(generation)) {
            return;
        }
        List<Integer> dimensions = jdbc.queryForList("SELECT " + schema + ".vector_dims(embedding_vector) FROM"
                + " fluxbase.vector_embeddings WHERE table_name = ? AND embedding_vector IS NOT NULL LIMIT 1",
                Integer.class, table.table());
        if (dimensions.isEmpty()) {
            return;
        }
        jdbc.execute("CREATE INDEX IF NOT EXISTS vector_hnsw_" + generation + " ON fluxbase.vector_embeddings"
                + " USING hnsw ((embedding_vector::" + schema + ".vector(" + dimensions.getFirst() + ")) " + schema
                + "." + operators(table.metric())
                + ") WHERE table_name = " + literal(table.table()));
        indexed.add(generation);
    }

    List<Candidate> nearest(IndexedTable table, float[] query, int count, int dimensions) {
        String column = "(embedding_vector::" + schema + ".vector(" + dimensions + "))";
        String distance = column + " OPERATOR(" + schema + "." + operator(table.metric()) + ") CAST(? AS " + schema
                + ".vector(" + dimensions + "))";
        String vector = vectorText(table.metric().stored(query));
        // the table name is a literal so the planner matches the table's partial HNSW index
        return jdbc.query("SELECT row_key, " + distance + " AS distance FROM fluxbase.vector_embeddings WHERE"
                + " table_name = " + literal(table.table()) + " AND embedding_vector IS NOT NULL ORDER BY " + distance
                + " LIMIT ?", (row, n) -> new Candidate(row.getString(1), similarity(table.metric(),
                row.getDouble(2))), vector, vector, count);
    }

    private static String operators(VectorMetric metric) {
        return switch (metric) {
            case COSINE -> "vector_cosine_ops";
            case DOT -> "vector_ip_ops";
            case L2 -> "vector_l2_ops";
        };
    }

    private static String operator(VectorMetric metric) {
        return switch (metric) {
            case COSINE -> "<=>";
            case DOT -> "<#>";
            case L2 -> "<->";
        };
    }

    /** pgvector's distances as this server's similarities (higher is nearer), as {@link VectorMetric} defines them. */
    private static double similarity(VectorMetric metric, double distance) {
        return switch (metric) {
            case COSINE -> 1 - distance;
            case DOT -> -distance;
            case L2 -> 1 / (1 + distance);
        };
    }

    private static String vectorText(float[] vector) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
            text.append(i == 0 ? "" : ",").append(vector[i]);
        }
        return text.append(']').toString();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
