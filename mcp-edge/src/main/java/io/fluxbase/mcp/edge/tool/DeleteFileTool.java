package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.fluxbase.mcp.kernel.storage.DeleteFilesCommand;
import io.fluxbase.mcp.kernel.storage.FileWriter;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** delete_file: removes one file or up to 100 of one bucket, those the key's policies let it delete. */
@Component
class DeleteFileTool implements McpTool {

    private final FileWriter files;
    private final CommandLogWrites writes;

    DeleteFileTool(FileWriter files, CommandLogWrites writes) {
        this.files = files;
        this.writes = writes;
    }

    @Override
    public String name() {
        return "delete_file";
    }

    @Override
    public Scope requiredScope() {
        return Scope.WRITE_STORAGE;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Delete files")
                .description("Delete a file ('path') or up to " + DeleteFilesCommand.MAX_PATHS + " files ('paths')"
                        + " of one storage bucket (storage policies apply). Returns the files removed and the paths"
                        + " not found (missing, or hidden from this key by a policy).")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "bucket", FileAnswers.BUCKET,
                                "path", FileAnswers.PATH,
                                "paths", Map.of("type", "array", "items", Map.of("type", "string"),
                                        "maxItems", DeleteFilesCommand.MAX_PATHS,
                                        "description", "Several paths instead of 'path'")),
                        "required", List.of("bucket"),
                        "additionalProperties", false))
                .outputSchema(FileAnswers.outputSchema(Map.of(
                        "bucket", Map.of("type", "string"),
                        "removed", Map.of("type", "array", "items", Map.of("type", "object")),
                        "not_found", Map.of("type", "array", "items", Map.of("type", "string")),
                        "count", Map.of("type", "integer")),
                        List.of("bucket", "removed", "not_found", "count")))
                .annotations(new McpSchema.ToolAnnotations("Delete files", false, true, true, false, null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        DeleteFilesCommand command;
        try {
            ToolArguments args = new ToolArguments(arguments);
            command = new DeleteFilesCommand(call.principal().caller(), args.requiredString("bucket"), paths(args));
        } catch (IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        return writes.run(call, (draft, answerSize) -> files.delete(command, draft, answerSize),
                result -> rendered(command, result));
    }

    private static List<String> paths(ToolArguments args) {
        String path = args.optionalString("path");
        List<String> paths = args.strings("paths");
        if ((path == null) == paths.isEmpty()) {
            throw new IllegalArgumentException("path: give either 'path' (one file) or 'paths' (up to "
                    + DeleteFilesCommand.MAX_PATHS + "), not both and not neither");
        }
        if (paths.size() > DeleteFilesCommand.MAX_PATHS) {
            throw new IllegalArgumentException("paths: at most " + DeleteFilesCommand.MAX_PATHS + " per call, got "
                    + paths.size());
        }
        return path != null ? List.of(path) : List.copyOf(new LinkedHashSet<>(paths));
    }

    private static McpSchema.CallToolResult rendered(DeleteFilesCommand command, WriteResult result) {
        List<Object> removed = ToolResults.rows(result.rows());
        List<String> notFound = new ArrayList<>(command.paths());
        removed.forEach(file -> notFound.remove(String.valueOf(((Map<?, ?>) file).get("path"))));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("bucket", command.bucket());
        content.put("removed", removed);
        content.put("not_found", notFound);
        content.put("count", removed.size());
        return ToolResults.structured(content);
    }
}
