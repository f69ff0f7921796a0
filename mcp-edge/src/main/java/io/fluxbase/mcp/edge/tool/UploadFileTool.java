package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.storage.ByteSize;
import io.fluxbase.mcp.kernel.storage.FileWriter;
import io.fluxbase.mcp.kernel.storage.UploadFileCommand;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * upload_file: stores text or base64 content at bucket/path under the key's role (storage policies decide), with
 * its FileUploaded event and the call's record in one transaction. An existing file is replaced only with upsert.
 */
@Component
class UploadFileTool implements McpTool {

    private final FileWriter files;
    private final CommandLogWrites writes;
    private final long maxFileSize;

    UploadFileTool(FileWriter files, CommandLogWrites writes, McpSettings settings) {
        this.files = files;
        this.writes = writes;
        this.maxFileSize = settings.storage().maxFileSize();
    }

    @Override
    public String name() {
        return "upload_file";
    }

    @Override
    public Scope requiredScope() {
        return Scope.WRITE_STORAGE;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(name())
                .title("Upload a file")
                .description("Store a file in a storage bucket (storage policies apply). Send text as is"
                        + " (encoding \"text\", the default) or binary content as base64 (encoding \"base64\")."
                        + " content_type defaults from the path's extension. A file already at the path is"
                        + " replaced only with upsert: true. Returns size, sha256 and times. Read storage://buckets"
                        + " for buckets and their size and type limits.")
                .inputSchema(Map.of(
                        "type", "object",
                        "properties", Map.of(
                                "bucket", FileAnswers.BUCKET,
                                "path", FileAnswers.PATH,
                                "content", Map.of("type", "string", "description", "The file's content"),
                                "encoding", Map.of("type", "string", "enum", List.of("text", "base64"),
                                        "description", "How content is written (default text)"),
                                "content_type", Map.of("type", "string", "description",
                                        "e.g. text/markdown or image/png; default from the extension"),
                                "upsert", Map.of("type", "boolean", "description",
                                        "Replace a file already at the path (default false)")),
                        "required", List.of("bucket", "path", "content"),
                        "additionalProperties", false))
                .outputSchema(FileAnswers.outputSchema(Map.of(
                        "bucket", Map.of("type", "string"),
                        "path", Map.of("type", "string"),
                        "size", Map.of("type", "integer"),
                        "content_type", Map.of("type", "string"),
                        "sha256", Map.of("type", "string"),
                        "created_at", Map.of("type", "string"),
                        "updated_at", Map.of("type", "string")),
                        List.of("bucket", "path", "size", "content_type", "sha256")))
                .annotations(new McpSchema.ToolAnnotations("Upload a file", false, true, false, false, null))
                .build();
    }

    @Override
    public Mono<McpSchema.CallToolResult> call(CallContext call, Map<String, Object> arguments) {
        UploadFileCommand command;
        try {
            command = command(call, new ToolArguments(arguments));
        } catch (IllegalArgumentException e) {
            return Mono.just(ToolResults.invalid(call, e.getMessage()));
        }
        if (command.content().length > maxFileSize) {
            return Mono.just(ToolResults.error(call, ErrorCode.FILE_TOO_LARGE, "content: the file is "
                    + command.content().length + " bytes, over this server's limit of "
                    + ByteSize.describe(maxFileSize) + " (storage.max_file_size)"));
        }
        return writes.run(call, (draft, answerSize) -> files.upload(command, draft, answerSize),
                result -> ToolResults.structured(ToolResults.object(result.rows().getFirst())));
    }

    private UploadFileCommand command(CallContext call, ToolArguments args) {
        String bucket = args.requiredString("bucket");
        String path = args.requiredString("path");
        String content = args.optionalString("content");
        if (content == null) {
            throw new IllegalArgumentException("content: required; give the file's text, or base64 with encoding"
                    + " \"base64\"");
        }
        String encoding = args.optionalString("encoding");
        boolean base64 = "base64".equals(encoding);
        if (encoding != null && !base64 && !"text".equals(encoding)) {
            throw new IllegalArgumentException("encoding: expected \"text\" or \"base64\", got \"" + encoding + "\"");
        }
        byte[] bytes;
        if (base64) {
            try {
                bytes = Base64.getMimeDecoder().decode(content.strip());
                if (!content.strip().matches("[A-Za-z0-9+/=\\s]*")) {
                    throw new IllegalArgumentException("not the base64 alphabet");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("content: not valid base64 (" + e.getMessage() + "); send the"
                        + " bytes in standard base64, or text with encoding \"text\"");
            }
        } else {
            if (FileText.looksBinary(content)) {
                throw new IllegalArgumentException("content: holds control characters, so it looks binary; send"
                        + " binary content as base64 with encoding \"base64\"");
            }
            bytes = content.getBytes(StandardCharsets.UTF_8);
        }
        String given = args.optionalString("content_type");
        String contentType = given == null ? ContentTypes.guess(path, !base64) : ContentTypes.check(given);
        Boolean upsert = args.optionalBoolean("upsert");
        return new UploadFileCommand(call.principal().caller(), bucket, path, bytes, contentType,
                Boolean.TRUE.equals(upsert));
    }
}
