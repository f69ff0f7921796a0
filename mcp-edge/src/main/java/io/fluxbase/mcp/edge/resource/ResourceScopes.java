package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.auth.Principal;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.transport.ResponseShaper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.springframework.stereotype.Component;

/** Hides from resource listings every resource group whose scope the calling key lacks. */
@Component
class ResourceScopes implements ResponseShaper {

    private final List<ResourceGroup> groups;

    ResourceScopes(List<ResourceGroup> groups) {
        this.groups = groups;
    }

    @Override
    public McpSchema.JSONRPCResponse shape(String method, CallContext call, McpSchema.JSONRPCResponse response) {
        Principal principal = call.principal();
        Object result = response.result();
        if (result instanceof McpSchema.ListResourcesResult list) {
            result = new McpSchema.ListResourcesResult(list.resources().stream()
                    .filter(resource -> visible(principal, resource.uri())).toList(), list.nextCursor(), list.meta());
        } else if (result instanceof McpSchema.ListResourceTemplatesResult list) {
            result = new McpSchema.ListResourceTemplatesResult(list.resourceTemplates().stream()
                    .filter(template -> visible(principal, template.uriTemplate())).toList(), list.nextCursor(),
                    list.meta());
        } else {
            return response;
        }
        return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), result, response.error());
    }

    private boolean visible(Principal principal, String uri) {
        return groups.stream().noneMatch(group -> uri.startsWith(group.scheme())
                && !principal.holds(group.requiredScope()));
    }
}
