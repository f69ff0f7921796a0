package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/** What every resource read does: find the call's draft, check the scope, and answer or refuse as JSON. */
final class ResourceReads {

    static final String JSON = "application/json";

    private ResourceReads() {
    }

    static CallContext permitted(McpAsyncServerExchange exchange, String uri, Scope scope) {
        CallContext call = (CallContext) exchange.transportContext().get(CallContext.KEY);
        call.target(uri);
        if (!call.principal().holds(scope)) {
            throw refused(call, ErrorCode.MISSING_SCOPE, scope.missingFor(uri));
        }
        return call;
    }

    /** A refused read: the call's record gets the code, the client the code's JSON-RPC error. */
    static McpError refused(CallContext call, ErrorCode code, String message) {
        call.fail(code, message);
        return McpError.builder(code.jsonRpcCode()).message(message).build();
    }

    static McpSchema.ReadResourceResult result(String uri, String json) {
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, JSON, json)));
    }
}
