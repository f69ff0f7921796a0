package io.fluxbase.mcp.query.table;

import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.RowsPage;
import io.fluxbase.mcp.kernel.data.SelectRowsQuery;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.SelectStatement;
import io.fluxbase.mcp.kernel.sql.UnknownColumnException;
import io.fluxbase.mcp.kernel.table.TableShape;
import io.fluxbase.mcp.query.catalog.CatalogQueries;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcCallerTransaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

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
        // a table whose columns the role may only write is as unknown to a read as a missing one
        return catalog.tableShape(query.caller(), query.table())
                .thenCompose(shape -> shape.filter(found -> !found.columnNames().isEmpty())
                        .map(found -> read(found, query))
                        .orElseGet(() -> CompletableFuture.failedFuture(
                                DataAccessRefusal.unknownTable(query.table()))));
    }

    /** The shape is known (usually cached), so the read is one statement: it and its transaction take one trip. */
    private CompletableFuture<RowsPage> read(TableShape shape, SelectRowsQuery query) {
        BoundSql sql;
        try {
            // one row beyond the limit tells whether there is more
            sql = SelectStatement.select(shape, query.columns(), query.filter(), query.order(),
                    query.limit() + 1, query.offset());
        } catch (UnknownColumnException e) {
            return CompletableFuture.failedFuture(new DataAccessRefusal(ErrorCode.UNKNOWN_COLUMN, e.argument(),
                    e.getMessage()));
        } catch (FilterSyntaxError e) {
            // an operator that cannot apply to its column, e.g. 'in' on an array column: known before any SQL runs
            return CompletableFuture.failedFuture(new DataAccessRefusal(ErrorCode.INVALID_ARGUMENT, e.argument(),
                    e.getMessage()));
        }
        return Conversations.toFuture(transaction.runStatement(query.caller(),
                        connection -> R2dbcCallerTransaction.bind(connection, sql), row -> row.get(0, String.class))
                .map(rows -> page(rows, query))
                .onErrorMap(PostgresRefusals::translate));
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
}
