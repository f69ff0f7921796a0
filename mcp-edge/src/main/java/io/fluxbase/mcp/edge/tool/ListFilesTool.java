package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.storage.FileReader;
import io.fluxbase.mcp.kernel.storage.FilesPage;
import io.fluxbase.mcp.kernel.storage.ListFilesQuery;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** list_files: the files of a bucket this key can see, by path, a page at a time. */
@Component
class ListFilesTool implements McpTool {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final FileReader files;

    ListFilesTool(FileReader files) {
        this.files = files;
    }

    @Override
    public String name() {
        return "list_files";
    }

    @Override
    public Scope requiredScope() {
        return Scope.READ_STORAGE;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("List files")
                .description("List the files in a storage bucket that this key may see (storage policies apply),"
                        + " sorted by path: name, size, content type, sha256, updated_at. 'prefix' narrows to a"
                        + " folder (e.g. \"user-1/\"). When next_cursor is set, call again with cursor = next_cursor"
                        + " for the next page. Read storage://buckets for bucket names.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "bucket", FileAnswers.BUCKET,
                                "prefix", Map.of("type", "string", "description",
                                        "Only paths starting with this, e.g. \"reports/2026/\""),
                                "limit", Map.of("type", "integer", "minimum", 1, "maximum", MAX_LIMIT,
                                        "description", "Files per page (default " + DEFAULT_LIMIT + ", max "
                                                + MAX_LIMIT + ")"),
                                "cursor", Map.of("type", "string", "description",
                                        "next_cursor of the previous page")),
                        "required", List.of("bucket"),
                        "additionalProperties", false))
                .outputSchema(FileAnswers.outputSchema(Map.of(
                        "bucket", Map.of("type", "string"),
                        "files", Map.of("type", "array", "items", Map.of("type", "object")),
                        "count", Map.of("type", "integer"),
                        "next_cursor", Map.of("type", List.of("string", "null"))),
                        List.of("bucket", "files", "count", "next_cursor")))
                .annotations(new McpSchema.ToolAnnotations("List files", true, false, true, false, null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        ListFilesQuery query;
        try {
            ToolArguments args = new ToolArguments(arguments);
            String prefix = args.optionalString("prefix");
            query = new ListFilesQuery(call.principal().caller(), args.requiredString("bucket"),
                    prefix == null ? "" : prefix, args.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                    args.optionalString("cursor"));
        } catch (IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        return ToolResults.read(call, () -> files.list(query), page -> rendered(call, query, page));
    }

    private static McpSchema.CallToolResult rendered(CallContext call, ListFilesQuery query, FilesPage page) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("bucket", query.bucket());
        content.put("files", page.files().stream().map(FileAnswers::file).toList());
        content.put("count", page.files().size());
        content.put("next_cursor", page.nextCursor());
        call.rows(page.files().size());
        return ToolResults.structured(content);
    }
}
