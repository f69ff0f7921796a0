package io.fluxbase.mcp.command.vector;

import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.vector.EnableVectorIndexCommand;
import io.fluxbase.mcp.kernel.vector.Embeddings;
import io.fluxbase.mcp.kernel.vector.VectorIndexDisabledEvent;
import io.fluxbase.mcp.kernel.vector.VectorIndexEnabledEvent;
import io.fluxbase.mcp.kernel.vector.VectorIndexNotFound;
import io.fluxbase.mcp.kernel.vector.VectorIndexView;
import io.fluxbase.mcp.kernel.vector.VectorIndexes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enables and disables vector search on tables, as the server's own login (the owner of the tables it created):
 * the index row, the queue triggers and the event commit together. The rows already there are the backfill job's
 * ({@link EmbeddingWorker#embedAfter}), which the admin API submits after enabling.
 */
@Component
class VectorIndexCatalog implements VectorIndexes {

    private static final String TRIGGER = "fluxbase_vectors_";
    private static final String VIEW = """
            SELECT i.table_name, i.key_column, i.source_column, i.template, i.model, i.metric, i.enabled_at,
                   (SELECT count(*) FROM fluxbase.vector_embeddings e
                    WHERE e.table_name = i.table_name AND e.embedding IS NOT NULL) AS embedded,
                   (SELECT count(*) FROM fluxbase.vector_queue q WHERE q.table_name = i.table_name) AS pending,
                   i.last_error, i.last_error_at
            FROM fluxbase.vector_indexes i""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventStore events;
    private final Embeddings embeddings;

    VectorIndexCatalog(JdbcTemplate jdbc, TransactionTemplate transaction, EventStore events, Embeddings embeddings) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.embeddings = embeddings;
    }

    @Override
    public List<String> models() {
        return List.of(embeddings.model());
    }

    @Override
    public VectorIndexView enable(EnableVectorIndexCommand command) {
        if (!models().contains(command.model())) {
            throw new IllegalArgumentException("model: unknown model '" + command.model() + "'; valid models are "
                    + String.join(", ", models()) + " (the provider is chosen by the vectors.provider setting)");
        }
        TableRef table = command.table();
        String name = table.displayName();
        transaction.executeWithoutResult(status -> {
            if (jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, table.qualified())) {
                throw new IllegalArgumentException("table: " + name + " does not exist; tables in schema "
                        + table.schema() + ": " + listed(jdbc.queryForList("SELECT tablename::text FROM pg_tables"
                        + " WHERE schemaname = ? ORDER BY 1", String.class, table.schema())));
            }
            List<String> columns = jdbc.queryForList("SELECT attname::text FROM pg_attribute WHERE attrelid ="
                    + " to_regclass(?) AND attnum > 0 AND NOT attisdropped ORDER BY attnum", String.class,
                    table.qualified());
            for (String column : command.source().columns()) {
                if (!columns.contains(column)) {
                    throw new IllegalArgumentException((command.source().column() != null ? "column" : "template")
                            + ": " + name + " has no column '" + column + "'; its columns: " + listed(columns));
                }
            }
            List<String[]> key = jdbc.query("""
                    SELECT a.attname::text, format_type(a.atttypid, a.atttypmod)
                    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = to_regclass(?) AND i.indisprimary""",
                    (row, n) -> new String[] {row.getString(1), row.getString(2)}, table.qualified());
            if (key.size() != 1) {
                throw new IllegalArgumentException("table: " + name + (key.isEmpty() ? " has no primary key" :
                        " has a primary key of several columns") + "; vector search names each row by a one-column"
                        + " primary key: add one (e.g. id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)");
            }
            if (jdbc.queryForObject("SELECT count(*) FROM fluxbase.vector_indexes WHERE table_name = ?",
                    Integer.class, name) > 0) {
                throw new IllegalArgumentException("table: " + name + " is already vector-enabled; to change its"
                        + " text, model or metric, run 'fluxbase vectors disable " + name + "' first");
            }
            String keyColumn = key.getFirst()[0];
            jdbc.update("INSERT INTO fluxbase.vector_indexes (table_name, key_column, key_type, source_column,"
                    + " template, model, metric) VALUES (?, ?, ?, ?, ?, ?, ?)", name, keyColumn, key.getFirst()[1],
                    command.source().column(), command.source().template(), command.model(),
                    command.metric().wireName());
            createTriggers(table, name, keyColumn);
            Instant at = jdbc.queryForObject("SELECT enabled_at FROM fluxbase.vector_indexes WHERE table_name = ?",
                    Timestamp.class, name).toInstant();
            events.publish(GenericEventMessage.asEventMessage(new VectorIndexEnabledEvent(name,
                    command.source().column(), command.source().template(), command.model(),
                    command.metric().wireName(), at)));
        });
        embeddings.prepare();
        return status(name);
    }

    private void createTriggers(TableRef table, String name, String keyColumn) {
        String arguments = "(" + literal(name) + ", " + literal(keyColumn) + ")";
        dropTriggers(table);
        jdbc.execute("CREATE TRIGGER " + TRIGGER + "insert AFTER INSERT ON " + table.qualified()
                + " REFERENCING NEW TABLE AS vector_new FOR EACH STATEMENT EXECUTE FUNCTION fluxbase.vector_enqueue"
                + arguments);
        jdbc.execute("CREATE TRIGGER " + TRIGGER + "update AFTER UPDATE ON " + table.qualified()
                + " REFERENCING NEW TABLE AS vector_new OLD TABLE AS vector_old FOR EACH STATEMENT"
                + " EXECUTE FUNCTION fluxbase.vector_enqueue" + arguments);
        jdbc.execute("CREATE TRIGGER " + TRIGGER + "delete AFTER DELETE ON " + table.qualified()
                + " REFERENCING OLD TABLE AS vector_old FOR EACH STATEMENT EXECUTE FUNCTION fluxbase.vector_enqueue"
                + arguments);
    }

    private void dropTriggers(TableRef table) {
        for (String operation : List.of("insert", "update", "delete")) {
            jdbc.execute("DROP TRIGGER IF EXISTS " + TRIGGER + operation + " ON " + table.qualified());
        }
    }

    @Override
    public void disable(String table) {
        TableRef ref = TableRef.parse(table);
        String name = ref.displayName();
        transaction.executeWithoutResult(status -> {
            if (jdbc.update("DELETE FROM fluxbase.vector_indexes WHERE table_name = ?", name) == 0) {
                throw notFound(name);
            }
            if (!jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, ref.qualified())) {
                dropTriggers(ref);
            }
            events.publish(GenericEventMessage.asEventMessage(new VectorIndexDisabledEvent(name, Instant.now())));
        });
    }

    @Override
    public List<VectorIndexView> list() {
        return jdbc.query(VIEW + " ORDER BY i.table_name", (row, n) -> view(row));
    }

    @Override
    public VectorIndexView status(String table) {
        String name = TableRef.parse(table).displayName();
        return jdbc.query(VIEW + " WHERE i.table_name = ?", (row, n) -> view(row), name).stream().findFirst()
                .orElseThrow(() -> notFound(name));
    }

    private VectorIndexNotFound notFound(String name) {
        return new VectorIndexNotFound(name, jdbc.queryForList("SELECT table_name FROM fluxbase.vector_indexes"
                + " ORDER BY 1", String.class));
    }

    private static VectorIndexView view(ResultSet row) throws SQLException {
        Timestamp errorAt = row.getTimestamp("last_error_at");
        return new VectorIndexView(row.getString("table_name"), row.getString("key_column"),
                row.getString("source_column"), row.getString("template"), row.getString("model"),
                row.getString("metric"), row.getTimestamp("enabled_at").toInstant(), row.getLong("embedded"),
                row.getLong("pending"), row.getString("last_error"), errorAt == null ? null : errorAt.toInstant());
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    static String quote(String identifier) {
        return io.fluxbase.mcp.kernel.identifier.Identifiers.quote(identifier);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
