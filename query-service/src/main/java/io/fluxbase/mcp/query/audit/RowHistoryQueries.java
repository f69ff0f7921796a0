package io.fluxbase.mcp.query.audit;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.caller.LogGateKey;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.data.RowHistoryReader;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.RowHistoryStatement;
import io.fluxbase.mcp.kernel.sql.UnknownColumnException;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.query.catalog.CatalogQueries;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcCallerTransaction;
import io.r2dbc.spi.R2dbcException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads a row's history under the caller's role: the table's shape as that role sees it, then one statement in the
 * caller's transaction that asks the log gate for the history only if the role can read the row (service keys
 * bypass row-level security and see every row's history, deleted rows' included). The gate keeps only the columns
 * and values the role may read.
 */
@Component
class RowHistoryQueries implements RowHistoryReader {

    private final R2dbcCallerTransaction transaction;
    private final CatalogQueries catalog;
    private final LogGateKey gate;
    private final long maxBytes;

    RowHistoryQueries(R2dbcCallerTransaction transaction, CatalogQueries catalog, LogGateKey gate,
            @Value("${fluxbase.mcp.max-result-bytes:524288}") long maxBytes) {
        this.transaction = transaction;
        this.catalog = catalog;
        this.gate = gate;
        this.maxBytes = maxBytes;
    }

    @Override
    public CompletableFuture<Optional<String>> historyJson(Caller caller, TableRef table, String rowKey) {
        return catalog.tableShape(caller, table).thenCompose(shape -> {
            if (shape.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            BoundSql sql;
            try {
                sql = RowHistoryStatement.read(gate.value(), shape.get(), rowKey, caller.keyType() != KeyType.SERVICE,
                        maxBytes);
            } catch (UnknownColumnException e) {
                // a key column the role may not read: the role cannot name the row, so it has no history to see
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return Conversations.toFuture(transaction.runStatement(caller,
                                    connection -> R2dbcCallerTransaction.bind(connection, sql),
                                    row -> Optional.ofNullable(row.get(0, String.class)))
                            .onErrorMap(RowHistoryQueries::badKey))
                    .thenApply(rows -> rows.isEmpty() ? Optional.<String>empty() : rows.get(0));
        });
    }

    /** A key value PostgreSQL cannot read as the key column's type (22xxx) is the caller's to fix. */
    private static Throwable badKey(Throwable error) {
        if (error instanceof R2dbcException db && db.getSqlState() != null && db.getSqlState().startsWith("22")) {
            return new IllegalArgumentException(RowHistoryStatement.ARGUMENT + ": " + db.getMessage()
                    + "; give the primary key's value in its column's type");
        }
        return error;
    }
}
