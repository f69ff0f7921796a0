package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One MCP tool: its definition (schemas, annotations), the scope it needs, and how a call becomes a command or a
 * query. The catalogue checks the scope before {@link #call} runs.
 */
public interface McpTool {

    String name();

    Scope requiredScope();

    McpSchema.Tool definition();

    Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments);
}
