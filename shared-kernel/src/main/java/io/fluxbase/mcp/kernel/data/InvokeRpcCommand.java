package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.rpc.FunctionSignature;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * invoke_rpc: one exposed function, resolved from the catalogue by name and argument names, with its named
 * arguments. It runs in the command log's transaction, because a function may change data.
 */
public record InvokeRpcCommand(Caller caller, FunctionSignature function, Map<String, @Nullable Object> params)
        implements WriteCommand {

    public InvokeRpcCommand {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
