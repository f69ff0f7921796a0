package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.table.TableRef;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The live catalogue as the caller's role sees it, as JSON documents for the schema resources. */
public interface CatalogReader {

    CompletableFuture<String> tablesJson(Caller caller);

    CompletableFuture<Optional<String>> tableJson(Caller caller, TableRef table);
}
