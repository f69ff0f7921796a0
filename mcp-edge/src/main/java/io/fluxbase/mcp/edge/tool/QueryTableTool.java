package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.RowsPage;
import io.fluxbase.mcp.kernel.data.SelectRowsQuery;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.filter.FilterParser;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.filter.OrderParser;
import io.fluxbase.mcp.kernel.filter.SelectParser;
import io.fluxbase.mcp.kernel.table.TableRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** query_table: PostgREST-style select, filter, order and paging over a table, under the key's role and RLS. */
@Component
class QueryTableTool implements McpTool {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final TableReader tables;
    private final long byteCap;

    QueryTableTool(TableReader tables, McpSettings settings) {
        this.tables = tables;
        this.byteCap = settings.mcp().maxResultBytes();
    }

    @Override
    public String name() {
        return "query_table";
    }

    @Override
    public Scope requiredScope() {
        return Scope.READ_TABLES;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Query a table")
                .description("Read rows from a table the key may see (row-level security applies). "
                        + "filter uses PostgREST operators: {\"status\": \"eq.done\", \"age\": \"gte.18\", "
                        + "\"name\": \"ilike.*ann*\", \"id\": \"in.(1,2,3)\", \"deleted_at\": \"is.null\", "
                        + "\"tags\": \"cs.{urgent}\"}; prefix 'not.' to negate. order: \"created_at.desc,id.asc\" "
                        + "(nullsfirst/nullslast). Results are capped; when 'truncated' is true, call again with "
                        + "offset = next_offset. Read schema://tables for table and column names.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "table", Map.of("type", "string", "description", "Table name, e.g. tasks or public.tasks"),
                                "select", Map.of("type", "string", "description", "Comma-separated columns; default all"),
                                "filter", Map.of("type", "object", "description",
                                        "Column to \"operator.value\", e.g. {\"status\": \"eq.done\"}",
                                        "additionalProperties", Map.of("type", List.of("string", "number", "boolean", "null"))),
                                "order", Map.of("type", "string", "description", "e.g. created_at.desc,id.asc.nullslast"),
                                "limit", Map.of("type", "integer", "minimum", 1, "maximum", MAX_LIMIT,
                                        "description", "Rows to return (default " + DEFAULT_LIMIT + ", max " + MAX_LIMIT + ")"),
                                "offset", Map.of("type", "integer", "minimum", 0, "description", "Rows to skip")),
                        "required", List.of("table"),
                        "additionalProperties", false))
                .outputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "table", Map.of("type", "string"),
                                "rows", Map.of("type", "array", "items", Map.of("type", "object")),
                                "count", Map.of("type", "integer"),
                                "truncated", Map.of("type", "boolean"),
                                "next_offset", Map.of("type", List.of("integer", "null"))),
                        "required", List.of("table", "rows", "count", "truncated")))
                .annotations(new McpSchema.ToolAnnotations("Query a table", true, false, true, false, null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        SelectRowsQuery query;
        try {
            ToolArguments args = new ToolArguments(arguments);
            query = new SelectRowsQuery(call.principal().caller(), TableRef.parse(args.requiredString("table")),
                    SelectParser.parse(args.optionalString("select")),
                    FilterParser.parse(args.optionalObject("filter")),
                    OrderParser.parse(args.optionalString("order")),
                    args.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                    args.integer("offset", 0, 0, Integer.MAX_VALUE),
                    byteCap);
        } catch (FilterSyntaxError | IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        call.table(query.table().displayName());
        return ToolResults.read(call, () -> tables.select(query), page -> rendered(call, query, page));
    }

    private McpSchema.CallToolResult rendered(CallContext call, SelectRowsQuery query, RowsPage page) {
        List<Object> rows = ToolResults.verbatim(page.rows());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("table", query.table().displayName());
        content.put("rows", rows);
        content.put("count", rows.size());
        content.put("truncated", page.truncated());
        content.put("next_offset", page.nextOffset());
        call.rows(rows.size());
        return ToolResults.structured(content);
    }
}
