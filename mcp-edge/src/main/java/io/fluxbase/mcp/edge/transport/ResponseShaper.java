package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.auth.Principal;
import io.modelcontextprotocol.spec.McpSchema;

/** Last look at a response before it is recorded and sent, e.g. to hide listings outside the key's scopes. */
public interface ResponseShaper {

    McpSchema.JSONRPCResponse shape(String method, Principal principal, McpSchema.JSONRPCResponse response);
}
