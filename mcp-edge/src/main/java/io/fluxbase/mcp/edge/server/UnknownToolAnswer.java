package io.fluxbase.mcp.edge.server;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.tool.McpTool;
import io.fluxbase.mcp.edge.tool.ToolCatalogue;
import io.fluxbase.mcp.edge.transport.ResponseShaper;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The SDK answers a tools/call of a tool it does not serve with "Unknown tool: invalid_tool_name", whatever the name
 * was. This answer names the tool that was asked for and lists the tools this key may call, the way tools/list would
 * show them.
 */
@Component
class UnknownToolAnswer implements ResponseShaper {

    private final ToolCatalogue catalogue;
    private final List<String> added;
    private final Set<String> served;

    UnknownToolAnswer(ToolCatalogue catalogue, List<McpServerAdditions> additions) {
        this.catalogue = catalogue;
        this.added = additions.stream().flatMap(more -> more.tools().stream()).map(spec -> spec.tool().name())
                .toList();
        this.served = new java.util.HashSet<>(added);
        catalogue.tools().forEach(tool -> served.add(tool.name()));
    }

    @Override
    public McpSchema.JSONRPCResponse shape(String method, CallContext call, McpSchema.JSONRPCResponse response) {
        // -32602 to a well-formed tools/call (the transport checked params.name) means the SDK found no such tool
        if (!McpSchema.METHOD_TOOLS_CALL.equals(method) || response.error() == null
                || response.error().code() != McpSchema.ErrorCodes.INVALID_PARAMS || call.target() == null
                || served.contains(call.target())) {
            return response;
        }
        List<String> callable = callable(call);
        String message = "Unknown tool '" + call.target() + "'. " + (callable.isEmpty()
                ? "This key may call no tools; ask the key's owner for a key with the scopes the tools need ("
                        + catalogue.tools().stream().map(tool -> tool.requiredScope().wireName() + " for "
                                + tool.name()).collect(Collectors.joining(", ")) + ")."
                : "This key may call: " + String.join(", ", callable) + ". tools/list shows their arguments.");
        call.fail(ErrorCode.UNKNOWN_TOOL, message);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tool", call.target());
        data.put("available", callable);
        return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), null,
                new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS, message, data));
    }

    /** In tools/list's order: the catalogue's tools whose scope the key holds, then the added ones. */
    private List<String> callable(CallContext call) {
        List<String> names = new ArrayList<>();
        for (McpTool tool : catalogue.tools()) {
            if (call.principal().holds(tool.requiredScope())) {
                names.add(tool.name());
            }
        }
        names.addAll(added);
        return names;
    }
}
