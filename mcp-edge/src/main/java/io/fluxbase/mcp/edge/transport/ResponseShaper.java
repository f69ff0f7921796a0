package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.call.CallContext;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Last look at a response before it is recorded and sent, e.g. to hide listings outside the key's scopes. The call
 * says who asks (its principal) and what for (its target); a shaper may also set the call's outcome.
 */
public interface ResponseShaper {

    McpSchema.JSONRPCResponse shape(String method, CallContext call, McpSchema.JSONRPCResponse response);
}
