package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.data.RowHistoryReader;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code history://tables/{table}/{id}}: who changed a row, when, which columns and through which call, from the
 * change events in the command log. Needs read:audit, and is read under the key's role: a row the role cannot read
 * now has no history to show (the same "not found" as a row never changed), and only the columns the role may read
 * are shown. {@code id} is the primary key's value; for a composite key, its values in key order separated by commas.
 */
@Component
class HistoryResources implements ResourceGroup {

    static final String ROW_TEMPLATE = "history://tables/{table}/{id}";
    private static final String PREFIX = "history://tables/";

    private final RowHistoryReader history;

    HistoryResources(RowHistoryReader history) {
        this.history = history;
    }

    @Override
    public String scheme() {
        return "history://";
    }

    @Override
    public Scope requiredScope() {
        return Scope.READ_AUDIT;
    }

    @Override
    public List<McpServerFeatures.AsyncResourceSpecification> resources() {
        return List.of();
    }

    @Override
    public List<McpServerFeatures.AsyncResourceTemplateSpecification> templates() {
        McpSchema.ResourceTemplate row = new McpSchema.ResourceTemplate(ROW_TEMPLATE, "row-history", "Row history",
                "Changes to one row made through this server, oldest first: time, operation, columns, key and"
                        + " tool, call id. id is the primary key value (composite keys: values joined by commas).",
                ResourceReads.JSON, null);
        return List.of(new McpServerFeatures.AsyncResourceTemplateSpecification(row,
                (exchange, request) -> Mono.defer(() -> read(exchange, request))));
    }

    private Mono<McpSchema.ReadResourceResult> read(McpAsyncServerExchange exchange,
            McpSchema.ReadResourceRequest request) {
        CallContext call = ResourceReads.permitted(exchange, request.uri(), Scope.READ_AUDIT);
        String path = request.uri().startsWith(PREFIX) ? request.uri().substring(PREFIX.length()) : "";
        int slash = path.lastIndexOf('/');
        TableRef table;
        String id;
        try {
            if (slash <= 0 || slash == path.length() - 1) {
                throw new IllegalArgumentException("expected " + ROW_TEMPLATE + ", e.g. history://tables/tasks/42");
            }
            table = TableRef.parse(URLDecoder.decode(path.substring(0, slash), StandardCharsets.UTF_8));
            id = URLDecoder.decode(path.substring(slash + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ResourceReads.refused(call, ErrorCode.INVALID_URI,
                    "cannot read " + request.uri() + ": " + e.getMessage());
        }
        return Mono.fromFuture(() -> history.historyJson(call.principal().caller(), table, id))
                .onErrorMap(IllegalArgumentException.class, e -> ResourceReads.refused(call, ErrorCode.INVALID_URI, "cannot read " + request.uri() + ": "
                                + e.getMessage()))
                .map(found -> found.map(json -> ResourceReads.result(request.uri(), json))
                        .orElseThrow(() -> ResourceReads.refused(call, ErrorCode.NOT_FOUND, "no history for " + request.uri()
                                        + ": the log holds no change of that row, or the row does not exist or is"
                                        + " hidden from this key's role; check the table name and the primary key"
                                        + " value (composite keys: values joined by commas)")));
    }
}
