package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.CatalogReader;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
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
public class SchemaResources implements ResourceGroup {

    static final String TABLES_URI = "schema://tables";
    static final String TABLE_TEMPLATE = "schema://tables/{table}";
    private static final String TABLE_PREFIX = "schema://tables/";

    private final CatalogReader catalog;

    SchemaResources(CatalogReader catalog) {
        this.catalog = catalog;
    }

    @Override
    public String scheme() {
        return "schema://";
    }

    @Override
    public Scope requiredScope() {
        return Scope.READ_SCHEMA;
    }

    @Override
    public List<McpServerFeatures.AsyncResourceSpecification> resources() {
        McpSchema.Resource tables = McpSchema.Resource.builder()
                .uri(TABLES_URI)
                .name("tables")
                .title("Tables")
                .description("Tables this key's role can read: columns, types, nullability, primary keys, RLS on/off")
                .mimeType(ResourceReads.JSON)
                .build();
        return List.of(new McpServerFeatures.AsyncResourceSpecification(tables,
                (exchange, request) -> Mono.defer(() -> readTables(exchange, request))));
    }

    @Override
    public List<McpServerFeatures.AsyncResourceTemplateSpecification> templates() {
        McpSchema.ResourceTemplate table = new McpSchema.ResourceTemplate(TABLE_TEMPLATE, "table", "One table",
                "One table: columns, primary key, foreign keys, indexes and row-level security policies", ResourceReads.JSON, null);
        return List.of(new McpServerFeatures.AsyncResourceTemplateSpecification(table,
                (exchange, request) -> Mono.defer(() -> readTable(exchange, request))));
    }

    private Mono<McpSchema.ReadResourceResult> readTables(McpAsyncServerExchange exchange,
            McpSchema.ReadResourceRequest request) {
        CallContext call = ResourceReads.permitted(exchange, request.uri(), Scope.READ_SCHEMA);
        return Mono.fromFuture(() -> catalog.tablesJson(call.principal().caller()))
                .map(json -> ResourceReads.result(request.uri(), json));
    }

    private Mono<McpSchema.ReadResourceResult> readTable(McpAsyncServerExchange exchange,
            McpSchema.ReadResourceRequest request) {
        CallContext call = ResourceReads.permitted(exchange, request.uri(), Scope.READ_SCHEMA);
        TableRef table;
        try {
            table = TableRef.parse(request.uri().substring(TABLE_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw ResourceReads.refused(call, ErrorCode.INVALID_URI,
                    "cannot read the table name in " + request.uri() + ": " + e.getMessage());
        }
        return Mono.fromFuture(() -> catalog.tableJson(call.principal().caller(), table))
                .map(found -> found.map(json -> ResourceReads.result(request.uri(), json))
                        .orElseThrow(() -> {
                            DataAccessRefusal refusal = DataAccessRefusal.unknownTable(table);
                            return ResourceReads.refused(call, refusal.errorCode(), refusal.getMessage());
                        }));
    }
}
