package io.fluxbase.mcp.query.catalog;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.data.CatalogReader;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.table.TableShape;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcCallerTransaction;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL's own catalogue read under the caller's role: our schema cache, always current, and limited to what
 * the role may select. Only the exposed schema ({@code public}) is visible; internal schemas never are.
 * Results are always read to the end: cancelling a row stream can leave an r2dbc-postgresql connection stuck
 * (r2dbc-postgresql issue 661), and the next user of that pooled connection would hang.
 */
@Component
public class CatalogQueries implements CatalogReader {

    public static final String EXPOSED_SCHEMA = "public";

    private static final String RELATIONS = """
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
              AND has_any_column_privilege(c.oid, 'SELECT')""";

    private static final String SHAPE = """
            SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS data_type, NOT a.attnotnull AS nullable,
                   a.atthasdef AS has_default, has_column_privilege(c.oid, a.attnum, 'SELECT') AS readable,
                   c.relrowsecurity AS rls,
                   coalesce((SELECT array_agg(pa.attname::text ORDER BY k.ord)
                             FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                             JOIN pg_attribute pa ON pa.attrelid = i.indrelid AND pa.attnum = k.attnum
                             WHERE i.indrelid = c.oid AND i.indisprimary), '{}') AS primary_key
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
              AND has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE')
            ORDER BY a.attnum""";

    private static final String TABLE_DOC = """
            SELECT json_build_object(
                'schema', n.nspname, 'name', c.relname,
                'kind', CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END,
                'rls_enabled', c.relrowsecurity,
                'columns', (SELECT coalesce(json_agg(json_build_object('name', a.attname,
                                'type', format_type(a.atttypid, a.atttypmod), 'nullable', NOT a.attnotnull,
                                'default', pg_get_expr(d.adbin, d.adrelid)) ORDER BY a.attnum), '[]')
                            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                              AND has_column_privilege(c.oid, a.attnum, 'SELECT')),
                'primary_key', (SELECT coalesce(json_agg(pa.attname ORDER BY k.ord), '[]')
                            FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                            JOIN pg_attribute pa ON pa.attrelid = i.indrelid AND pa.attnum = k.attnum
                            WHERE i.indrelid = c.oid AND i.indisprimary
                              AND has_column_privilege(c.oid, pa.attnum, 'SELECT'))%s
            )::text AS doc
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace %s
            WHERE c.oid IN (%s)%s
            ORDER BY c.relname""";

    /**
     * A table's constraints, indexes and policies, as far as they name only columns the role may read: a key must
     * not learn a hidden column's name from them, nor a value from a partial index's predicate. Expressions (an
     * expression or partial index, a policy's check) are shown only when the role may read every column.
     */
    private static final String DETAIL_FIELDS = """
                ,
                'foreign_keys', (SELECT coalesce(json_agg(json_build_object('name', con.conname,
                                'definition', pg_get_constraintdef(con.oid)) ORDER BY con.conname), '[]')
                            FROM pg_constraint con WHERE con.conrelid = c.oid AND con.contype = 'f'
                              AND NOT EXISTS (SELECT 1 FROM unnest(con.conkey) AS k(attnum)
                                              WHERE NOT has_column_privilege(c.oid, k.attnum, 'SELECT'))),
                'indexes', (SELECT coalesce(json_agg(json_build_object('name', ic.relname,
                                'definition', pg_get_indexdef(i.indexrelid)) ORDER BY ic.relname), '[]')
                            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid
                              AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey) AS k(attnum) WHERE k.attnum > 0
                                              AND NOT has_column_privilege(c.oid, k.attnum, 'SELECT'))
                              AND (i.indexprs IS NULL AND i.indpred IS NULL OR w.whole_row)),
                'policies', (SELECT coalesce(json_agg(json_build_object('name', p.polname,
                                'command', CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                                    WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                                'permissive', p.polpermissive,
                                'using', CASE WHEN w.whole_row THEN pg_get_expr(p.polqual, p.polrelid) END,
                                'with_check', CASE WHEN w.whole_row THEN pg_get_expr(p.polwithcheck, p.polrelid) END)
                                ORDER BY p.polname), '[]')
                            FROM pg_policy p WHERE p.polrelid = c.oid)""";

    /** Whether the role may read every column of the table: then its detail shows expressions too. */
    private static final String WHOLE_ROW = """
             CROSS JOIN LATERAL (SELECT NOT EXISTS (SELECT 1 FROM pg_attribute wa
                                  WHERE wa.attrelid = c.oid AND wa.attnum > 0 AND NOT wa.attisdropped
                                    AND NOT has_column_privilege(c.oid, wa.attnum, 'SELECT')) AS whole_row) w""";

    /** How long a table's shape is reused: DDL shows up within this, a new table at once (misses are not cached). */
    static final Duration SHAPE_TTL = Duration.ofSeconds(1);

    private record CachedShape(TableShape shape, long expiresNanos) {
    }

    private final R2dbcCallerTransaction transaction;
    private final Map<String, CachedShape> shapes = new ConcurrentHashMap<>();

    CatalogQueries(R2dbcCallerTransaction transaction) {
        this.transaction = transaction;
    }

    @Override
    public CompletableFuture<String> tablesJson(Caller caller) {
        String sql = "SELECT coalesce(json_agg(doc::json), '[]')::text FROM ("
                + TABLE_DOC.formatted("", "", RELATIONS, "") + ") t";
        return Conversations.toFuture(transaction.run(caller, connection -> Flux.from(connection.createStatement(sql)
                                .bind(0, EXPOSED_SCHEMA).execute())
                        .flatMap(result -> result.map(row -> row.get(0, String.class)))
                        .single())
                .map(tables -> "{\"tables\":" + tables + "}"));
    }

    @Override
    public CompletableFuture<Optional<String>> tableJson(Caller caller, TableRef table) {
        if (!EXPOSED_SCHEMA.equals(table.schema())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String sql = TABLE_DOC.formatted(DETAIL_FIELDS, WHOLE_ROW, RELATIONS, " AND c.relname = $2");
        return Conversations.toFuture(transaction.run(caller, connection -> Flux.from(connection.createStatement(sql)
                                .bind(0, EXPOSED_SCHEMA).bind(1, table.name()).execute())
                        .flatMap(result -> result.map(row -> row.get("doc", String.class)))
                        .singleOrEmpty()
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())));
    }

    /**
     * The shape of a table as the caller's role sees it: the columns it may read or write, each marked readable or
     * not. Only the exposed schema has any; a cached shape needs no transaction; otherwise the catalogue is read
     * under the caller's role. Shapes are cached per role for {@link #SHAPE_TTL}; privileges are enforced again by the
     * statement that uses them.
     */
    @Override
    public CompletableFuture<Optional<TableShape>> tableShape(Caller caller, TableRef table) {
        if (!EXPOSED_SCHEMA.equals(table.schema())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String cacheKey = cacheKey(caller.databaseRole(), table);
        TableShape cached = cached(cacheKey);
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        return Conversations.toFuture(transaction.run(caller, connection -> readShape(connection, table, cacheKey)));
    }

    private static String cacheKey(String role, TableRef table) {
        return role + '/' + table.schema() + '/' + table.name();
    }

    private @Nullable TableShape cached(String cacheKey) {
        CachedShape cached = shapes.get(cacheKey);
        return cached != null && cached.expiresNanos() - System.nanoTime() > 0 ? cached.shape() : null;
    }

    private Mono<Optional<TableShape>> readShape(Connection connection, TableRef table, String cacheKey) {
        return Flux.from(connection.createStatement(SHAPE).bind(0, table.schema()).bind(1, table.name()).execute())
                .flatMap(result -> result.map(row -> new ShapeRow(
                        new ColumnShape(row.get("name", String.class), row.get("data_type", String.class),
                                Boolean.TRUE.equals(row.get("nullable", Boolean.class)),
                                Boolean.TRUE.equals(row.get("has_default", Boolean.class)),
                                Boolean.TRUE.equals(row.get("readable", Boolean.class))),
                        Boolean.TRUE.equals(row.get("rls", Boolean.class)),
                        List.of(row.get("primary_key", String[].class)))))
                .collectList()
                .map(rows -> rows.isEmpty() ? Optional.<TableShape>empty() : Optional.of(toShape(table, rows)))
                .doOnNext(found -> found.ifPresent(shape -> shapes.put(cacheKey,
                        new CachedShape(shape, System.nanoTime() + SHAPE_TTL.toNanos()))));
    }

    private record ShapeRow(ColumnShape column, boolean rls, List<String> primaryKey) {
    }

    private static TableShape toShape(TableRef table, List<ShapeRow> rows) {
        List<ColumnShape> columns = new ArrayList<>(rows.size());
        rows.forEach(row -> columns.add(row.column()));
        return new TableShape(table, columns, rows.get(0).primaryKey(), rows.get(0).rls());
    }
}
