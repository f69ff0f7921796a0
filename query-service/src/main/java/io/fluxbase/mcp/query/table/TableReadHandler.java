package io.fluxbase.mcp.query.table;

import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.RowsPage;
import io.fluxbase.mcp.kernel.data.SelectRowsQuery;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.SelectStatement;
import io.fluxbase.mcp.kernel.sql.UnknownColumnException;
import io.fluxbase.mcp.kernel.table.TableShape;
import io.fluxbase.mcp.query.catalog.CatalogQueries;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcCallerTransaction;
import io.r2dbc.spi.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * query_table's read: under the caller's role, check the request against the live table shape, run the one
 * parameterised SELECT, and stop at the row limit or the byte cap, saying where to continue.
 */
@Component
class TableReadHandler implements TableReader {

    private final R2dbcCallerTransaction transaction;
    private final CatalogQueries catalog;

    TableReadHandler(R2dbcCallerTransaction transaction, CatalogQueries catalog) {
        this.transaction = transaction;
        this.catalog = catalog;
    }

    @Override
    public CompletableFuture<RowsPage> select(SelectRowsQuery query) {
        return Conversations.toFuture(transaction.run(query.caller(), connection -> catalog.shape(connection, query.caller().databaseRole(), query.table())
                        .flatMap(shape -> shape.map(found -> read(connection, found, query))
                                .orElseGet(() -> Mono.error(unknownTable(query)))))
                .onErrorMap(PostgresRefusals::translate));
    }

    private Mono<RowsPage> read(Connection connection, TableShape shape, SelectRowsQuery query) {
        BoundSql sql;
        try {
            // one row beyond the limit tells whether there is more
            sql = SelectStatement.select(shape, query.columns(), query.filter(), query.order(),
                    query.limit() + 1, query.offset());
        } catch (UnknownColumnException e) {
            return Mono.error(new DataAccessRefusal("unknown_column", e.argument(), e.getMessage()));
        }
        return Flux.from(R2dbcCallerTransaction.bind(connection, sql).execute())
                .flatMap(result -> result.map(row -> row.get(0, String.class)))
                .collectList()
                .map(rows -> page(rows, query));
    }

    private static RowsPage page(List<String> rows, SelectRowsQuery query) {
        List<String> kept = new ArrayList<>(Math.min(rows.size(), query.limit()));
        long bytes = 0;
        for (String row : rows) {
            long size = row.getBytes(StandardCharsets.UTF_8).length;
            boolean overCap = !kept.isEmpty() && bytes + size > query.byteCap();
            if (kept.size() == query.limit() || overCap) {
                return new RowsPage(kept, true, query.offset() + kept.size(), bytes);
            }
            kept.add(row);
            bytes += size;
        }
        return new RowsPage(kept, false, null, bytes);
    }

    private static DataAccessRefusal unknownTable(SelectRowsQuery query) {
        return new DataAccessRefusal("unknown_table", "table",
                "table '" + query.table().name() + "' does not exist in schema '" + query.table().schema()
                        + "' or this key's role may not read it; read the schema://tables resource for the tables"
                        + " you can query");
    }
}
