package io.fluxbase.mcp.kernel.rpc;

import io.fluxbase.mcp.kernel.caller.Caller;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The functions of the exposed schemas ({@code rpc.schemas}) that the caller's role may execute. */
public interface FunctionCatalog {

    /** Every overload of {@code name} (unqualified, or {@code schema.name}); empty when there is none. */
    CompletableFuture<List<FunctionSignature>> overloads(Caller caller, String name);

    /** The document behind {@code rpc://list}: each function with its argument and result types. */
    CompletableFuture<String> functionsJson(Caller caller);
}
