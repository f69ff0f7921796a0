package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.storage.DownloadFileQuery;
import io.fluxbase.mcp.kernel.storage.FileContent;
import io.fluxbase.mcp.kernel.storage.FileReader;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * download_file: a file's content as text (text types in UTF-8) or base64, a slice at a time when it is larger than
 * one result may carry; {@code truncated} and {@code next_offset} say so honestly.
 */
@Component
class DownloadFileTool implements McpTool {

    private final FileReader files;
    /** The content is sent twice (structured and text) and base64 grows it by a third: a third of the cap fits. */
    private final int maxBytes;

    DownloadFileTool(FileReader files, McpSettings settings) {
        this.files = files;
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE, Math.max(1024, settings.mcp().maxResultBytes() / 3));
    }

    @Override
    public String name() {
        return "download_file";
    }

    @Override
    public Scope requiredScope() {
        return Scope.READ_STORAGE;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Download a file")
                .description("Read a file from a storage bucket (storage policies apply). Text types come back as"
                        + " text (encoding \"text\"), anything else as base64 (encoding \"base64\"), with content"
                        + " type, size and sha256. At most " + maxBytes + " bytes per call: when 'truncated' is"
                        + " true, call again with offset = next_offset for the rest.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "bucket", FileAnswers.BUCKET,
                                "path", FileAnswers.PATH,
                                "offset", Map.of("type", "integer", "minimum", 0,
                                        "description", "Byte to start from (default 0)"),
                                "max_bytes", Map.of("type", "integer", "minimum", 1, "maximum", maxBytes,
                                        "description", "Most bytes to return (default and max " + maxBytes + ")")),
                        "required", List.of("bucket", "path"),
                        "additionalProperties", false))
                .outputSchema(FileAnswers.outputSchema(Map.of(
                        "bucket", Map.of("type", "string"),
                        "path", Map.of("type", "string"),
                        "content_type", Map.of("type", "string"),
                        "size", Map.of("type", "integer"),
                        "sha256", Map.of("type", "string"),
                        "encoding", Map.of("type", "string", "enum", List.of("text", "base64")),
                        "content", Map.of("type", "string"),
                        "offset", Map.of("type", "integer"),
                        "truncated", Map.of("type", "boolean"),
                        "next_offset", Map.of("type", List.of("integer", "null"))),
                        List.of("bucket", "path", "content_type", "size", "sha256", "encoding", "content", "offset",
                                "truncated", "next_offset")))
                .annotations(new McpSchema.ToolAnnotations("Download a file", true, false, true, false, null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        DownloadFileQuery query;
        try {
            ToolArguments args = new ToolArguments(arguments);
            query = new DownloadFileQuery(call.principal().caller(), args.requiredString("bucket"),
                    args.requiredString("path"), args.integer("offset", 0, 0, Integer.MAX_VALUE),
                    args.integer("max_bytes", maxBytes, 1, maxBytes));
        } catch (IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        return ToolResults.read(call, () -> files.download(query), content -> rendered(call, content));
    }

    private static McpSchema.CallToolResult rendered(CallContext call, FileContent content) {
        boolean text = FileText.isTextType(content.file().contentType());
        byte[] bytes = text && content.nextOffset() >= 0
                ? Arrays.copyOf(content.bytes(), Math.max(1, FileText.wholeCharacters(content.bytes())))
                : content.bytes();
        Optional<String> decoded = text ? FileText.decode(bytes) : Optional.empty();
        long end = content.offset() + bytes.length;
        boolean truncated = end < content.file().size();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bucket", content.file().bucket());
        answer.put("path", content.file().path());
        answer.put("content_type", content.file().contentType());
        answer.put("size", content.file().size());
        answer.put("sha256", content.file().sha256());
        answer.put("encoding", decoded.isPresent() ? "text" : "base64");
        answer.put("content", decoded.orElseGet(() -> Base64.getEncoder().encodeToString(bytes)));
        answer.put("offset", content.offset());
        answer.put("truncated", truncated);
        answer.put("next_offset", truncated ? end : null);
        call.rows(1);
        return ToolResults.structured(answer);
    }
}
