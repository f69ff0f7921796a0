package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.modelcontextprotocol.server.McpServerFeatures;
import java.util.List;

/**
 * Resources under one URI scheme that one scope opens: listings hide them from keys without it, and reading them
 * without it is refused with a message naming the scope.
 */
public interface ResourceGroup {

    /** e.g. {@code schema://} */
    String scheme();

    Scope requiredScope();

    List<McpServerFeatures.AsyncResourceSpecification> resources();

    List<McpServerFeatures.AsyncResourceTemplateSpecification> templates();
}
