package io.fluxbase.mcp.kernel.data;

import java.util.concurrent.CompletableFuture;

/** Reads user tables under the caller's role; refusals complete exceptionally with {@link DataAccessRefusal}. */
public interface TableReader {

    CompletableFuture<RowsPage> select(SelectRowsQuery query);
}
