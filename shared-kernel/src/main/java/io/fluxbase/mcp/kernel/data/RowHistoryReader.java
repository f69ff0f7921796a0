package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.table.TableRef;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A row's change history from the log, read under the caller's role: who changed it, when, which columns, through
 * which call. A caller sees it only while its role can read the row itself, and only the columns (and values) its
 * role may read; a service key sees every row's history.
 */
public interface RowHistoryReader {

    /**
     * @param rowKey the primary key's value as text; for a composite key the values in key order, comma-separated
     * @return a JSON object with the changes, oldest first; empty when the log holds none, or the row is missing or
     *         hidden from the caller's role (the two are not told apart)
     * @throws IllegalArgumentException naming {@code id} when the key does not fit the table's primary key
     */
    CompletableFuture<Optional<String>> historyJson(Caller caller, TableRef table, String rowKey);
}
