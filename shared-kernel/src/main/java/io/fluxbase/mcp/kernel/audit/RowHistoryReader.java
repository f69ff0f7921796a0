package io.fluxbase.mcp.kernel.audit;

import java.util.concurrent.CompletableFuture;

/** A row's change history from the log: who changed it, when, which columns, through which call. */
public interface RowHistoryReader {

    /**
     * @param table  schema-qualified, as {@code public.tasks}
     * @param rowKey the primary key's value as text; for a composite key the values in key order, comma-separated
     * @return a JSON object with the changes, oldest first (an empty list when the log holds none)
     */
    CompletableFuture<String> historyJson(String table, String rowKey);
}
