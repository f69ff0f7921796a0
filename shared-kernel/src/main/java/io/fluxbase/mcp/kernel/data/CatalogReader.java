package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The live catalogue as the caller's role sees it: JSON documents for the schema resources, and the shapes that
 * tools check their arguments against before any SQL is built.
 */
public interface CatalogReader {

    CompletableFuture<String> tablesJson(Caller caller);

    CompletableFuture<Optional<String>> tableJson(Caller caller, TableRef table);

    /** The table's columns and primary key, or empty when it does not exist or the caller's role cannot see it. */
    CompletableFuture<Optional<TableShape>> tableShape(Caller caller, TableRef table);
}
