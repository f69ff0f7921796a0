package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.auth.Principal;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.transport.ResponseShaper;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.CatalogReader;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code schema://tables} and {@code schema://tables/{table}}: the live catalogue as the key's role sees it
 * (columns, types, keys, RLS, and for one table its foreign keys, indexes and policies). Needs read:schema; listings
 * hide these resources from keys without it.
 */
@Component
public class SchemaResources implements ResponseShaper {

    static final String TABLES_URI = "schema://tables";
    static final String TABLE_TEMPLATE = "schema://tables/{table}";
    private static final String TABLE_PREFIX = "schema://tables/";
    private static final String JSON = "application/json";

    private final CatalogReader catalog;

    SchemaResources(CatalogReader catalog) {
        this.catalog = catalog;
    }

    public List<McpServerFeatures.AsyncResourceSpecification> resources() {
        McpSchema.Resource tables = McpSchema.Resource.builder()
                .uri(TABLES_URI)
                .name("tables")
                .title("Tables")
                .description("Tables this key's role can read: columns, types, nullability, primary keys, RLS on/off")
                .mimeType(JSON)
                .build();
        return List.of(new McpServerFeatures.AsyncResourceSpecification(tables,
                (exchange, request) -> Mono.defer(() -> readTables(exchange, request))));
    }

    public List<McpServerFeatures.AsyncResourceTemplateSpecification> templates() {
        McpSchema.ResourceTemplate table = new McpSchema.ResourceTemplate(TABLE_TEMPLATE, "table", "One table",
                "One table: columns, primary key, foreign keys, indexes and row-level security policies", JSON, null);
        return List.of(new McpServerFeatures.AsyncResourceTemplateSpecification(table,
                (exchange, request) -> Mono.defer(() -> readTable(exchange, request))));
    }

    private Mono<McpSchema.ReadResourceResult> readTables(McpAsyncServerExchange exchange,
            McpSchema.ReadResourceRequest request) {
        CallContext call = permitted(exchange, request.uri());
        return Mono.fromFuture(() -> catalog.tablesJson(call.principal().caller()))
                .map(json -> result(request.uri(), json));
    }

    private Mono<McpSchema.ReadResourceResult> readTable(McpAsyncServerExchange exchange,
            McpSchema.ReadResourceRequest request) {
        CallContext call = permitted(exchange, request.uri());
        TableRef table;
        try {
            table = TableRef.parse(request.uri().substring(TABLE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw refused(call, CallOutcome.ERROR, "invalid_uri", McpSchema.ErrorCodes.INVALID_PARAMS,
                    "cannot read the table name in " + request.uri() + ": " + e.getMessage());
        }
        return Mono.fromFuture(() -> catalog.tableJson(call.principal().caller(), table))
                .map(found -> found.map(json -> result(request.uri(), json))
                        .orElseThrow(() -> refused(call, CallOutcome.ERROR, "unknown_table",
                                McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, "table '" + table.displayName()
                                        + "' does not exist or this key's role may not read it; read "
                                        + TABLES_URI + " for the tables you can see")));
    }

    private static CallContext permitted(McpAsyncServerExchange exchange, String uri) {
        CallContext call = (CallContext) exchange.transportContext().get(CallContext.KEY);
        call.target(uri);
        if (!call.principal().holds(Scope.READ_SCHEMA)) {
            throw refused(call, CallOutcome.DENIED, "missing_scope", McpSchema.ErrorCodes.INVALID_REQUEST,
                    "This key lacks the scope 'read:schema' that " + uri + " needs. Ask the key's owner for a key"
                            + " that holds 'read:schema'.");
        }
        return call;
    }

    private static McpError refused(CallContext call, CallOutcome outcome, String code, int rpcCode, String message) {
        call.fail(outcome, code, message);
        return McpError.builder(rpcCode).message(message).build();
    }

    private static McpSchema.ReadResourceResult result(String uri, String json) {
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, JSON, json)));
    }

    /** Hides the schema resources from listings for keys without read:schema. */
    @Override
    public McpSchema.JSONRPCResponse shape(String method, Principal principal, McpSchema.JSONRPCResponse response) {
        if (principal.holds(Scope.READ_SCHEMA) || response.result() == null) {
            return response;
        }
        Object result = response.result();
        if (result instanceof McpSchema.ListResourcesResult list) {
            List<McpSchema.Resource> visible = list.resources().stream()
                    .filter(resource -> !resource.uri().startsWith("schema://")).toList();
            result = new McpSchema.ListResourcesResult(visible, list.nextCursor(), list.meta());
        } else if (result instanceof McpSchema.ListResourceTemplatesResult list) {
            List<McpSchema.ResourceTemplate> visible = list.resourceTemplates().stream()
                    .filter(template -> !template.uriTemplate().startsWith("schema://")).toList();
            result = new McpSchema.ListResourceTemplatesResult(visible, list.nextCursor(), list.meta());
        }
        return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), result, response.error());
    }

}
