package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.storage.FileView;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** What the storage tools share: schemas of their arguments, a file as they show it, and refusals as results. */
final class FileAnswers {

    static final Map<String, Object> BUCKET = Map.of("type", "string", "description",
            "Bucket name; storage://buckets lists them");
    static final Map<String, Object> PATH = Map.of("type", "string", "description",
            "Path of the file inside the bucket, e.g. user-1/avatar.png (no leading '/', no '..')");

    private FileAnswers() {
    }

    static Map<String, Object> file(FileView file) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", file.path());
        view.put("size", file.size());
        view.put("content_type", file.contentType());
        view.put("sha256", file.sha256());
        view.put("updated_at", file.updatedAt().toString());
        return view;
    }

    /** Runs a read; a refusal becomes an isError result naming what to change. */
    static <T> Mono<McpSchema.CallToolResult> read(CallContext call, Supplier<CompletableFuture<T>> read,
            Function<T, McpSchema.CallToolResult> render) {
        return Mono.fromFuture(read)
                .map(render)
                .onErrorResume(error -> ToolResults.refusalOf(error)
                        .map(refusal -> Mono.just(ToolResults.refused(call, refusal)))
                        .orElseGet(() -> Mono.error(error)));
    }

    static Map<String, Object> outputSchema(Map<String, Object> properties, List<String> required) {
        return Map.of("type", "object", "properties", properties, "required", required);
    }
}
