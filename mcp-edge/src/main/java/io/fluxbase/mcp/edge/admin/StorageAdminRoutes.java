package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.tool.ToolResults;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.AnswerSize;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.storage.BucketAdmin;
import io.fluxbase.mcp.kernel.storage.BucketNotFound;
import io.fluxbase.mcp.kernel.storage.BucketRules;
import io.fluxbase.mcp.kernel.storage.BucketView;
import io.fluxbase.mcp.kernel.storage.ByteSize;
import io.fluxbase.mcp.kernel.storage.CreateBucketCommand;
import io.fluxbase.mcp.kernel.storage.DeleteBucketCommand;
import io.fluxbase.mcp.kernel.storage.DeleteFilesCommand;
import io.fluxbase.mcp.kernel.storage.DownloadFileQuery;
import io.fluxbase.mcp.kernel.storage.FileContent;
import io.fluxbase.mcp.kernel.storage.FileReader;
import io.fluxbase.mcp.kernel.storage.FileWriter;
import io.fluxbase.mcp.kernel.storage.ListFilesQuery;
import io.fluxbase.mcp.kernel.storage.UpdateBucketCommand;
import io.fluxbase.mcp.kernel.storage.UploadFileCommand;
import io.fluxbase.mcp.kernel.value.NumberText;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The admin API's storage: the bucket lifecycle, and files for the CLI's ls, cp and rm. Files go through the same
 * writers and readers as the tools, as the service role (the owner's own key role), so the same events and call
 * records are written; content travels as raw bytes, never as base64 in JSON.
 */
@Configuration(proxyBeanMethods = false)
class StorageAdminRoutes {

    private static final String BASE = "/admin/v1/storage";
    /** The index of the first path element after {@code /files/{bucket}/}. */
    private static final int FILE_PATH_ELEMENT = PathContainer.parsePath(BASE + "/files/{bucket}/").elements().size();
    /** The slice of a file each database read takes while a download streams. */
    private static final int SLICE = 1024 * 1024;
    private static final Caller OWNER = new Caller("admin", KeyType.SERVICE, "service_role", null,
            Set.of(Scope.values()));

    private final AdminRequests requests;
    private final BucketAdmin buckets;
    private final FileReader reader;
    private final FileWriter writer;
    private final long maxFileSize;

    StorageAdminRoutes(AdminRequests requests, BucketAdmin buckets, FileReader reader, FileWriter writer,
            McpSettings settings) {
        this.requests = requests;
        this.buckets = buckets;
        this.reader = reader;
        this.writer = writer;
        this.maxFileSize = settings.storage().maxFileSize();
    }

    @Bean
    RouterFunction<ServerResponse> storageAdminApi() {
        return RouterFunctions.route()
                .POST(BASE + "/buckets", requests.guarded(this::createBucket))
                .GET(BASE + "/buckets", requests.guarded(request -> requests.blocking(buckets::list)
                        .flatMap(list -> AdminRequests.ok(Map.of("buckets", list.stream()
                                .map(BucketView::shown).toList())))))
                .GET(BASE + "/buckets/{name}", requests.guarded(request -> found(requests.blocking(() ->
                                buckets.find(request.pathVariable("name"))
                                        .orElseThrow(() -> new BucketNotFound(request.pathVariable("name")))))
                        .flatMap(bucket -> AdminRequests.ok(bucket.shown()))))
                .PATCH(BASE + "/buckets/{name}", requests.guarded(this::updateBucket))
                .DELETE(BASE + "/buckets/{name}", requests.guarded(this::deleteBucket))
                .GET(BASE + "/files/{bucket}", requests.guarded(this::listFiles))
                .POST(BASE + "/files/{bucket}/delete", requests.guarded(this::deleteFiles))
                .PUT(BASE + "/files/{bucket}/**", requests.guarded(this::upload))
                .GET(BASE + "/files/{bucket}/**", requests.guarded(this::download))
                .DELETE(BASE + "/files/{bucket}/**", requests.guarded(request ->
                        deleted(request.pathVariable("bucket"), List.of(filePath(request)))))
                .build();
    }

    // ---- buckets ----

    private Mono<ServerResponse> createBucket(ServerRequest request) {
        return AdminRequests.body(request).flatMap(body -> {
            String name = AdminRequests.text(body, "name");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: required; give the bucket a name such as 'avatars'");
            }
            BucketRules rules = new BucketRules(Boolean.TRUE.equals(body.get("public")),
                    size(body.get("max_file_size")), types(body.get("allowed_types")));
            return requests.made(request, "storage.bucket_create", name,
                            found(requests.blocking(() -> buckets.create(new CreateBucketCommand(name, rules)))))
                    .flatMap(bucket -> ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(AdminRequests.JSON.writeValueAsString(bucket.shown())));
        });
    }

    /** Only the fields sent change: {@code max_file_size: null} removes the limit, {@code allowed_types: []} any type. */
    private Mono<ServerResponse> updateBucket(ServerRequest request) {
        String name = request.pathVariable("name");
        return AdminRequests.body(request).flatMap(body -> requests.made(request, "storage.bucket_update", name,
                        found(requests.blocking(() -> buckets.update(new UpdateBucketCommand(name,
                                changedRules(name, body)))))))
                .flatMap(bucket -> AdminRequests.ok(bucket.shown()));
    }

    private BucketRules changedRules(String name, Map<String, Object> body) {
        BucketRules now = buckets.find(name).orElseThrow(() -> new BucketNotFound(name)).rules();
        if (!body.containsKey("public") && !body.containsKey("max_file_size") && !body.containsKey("allowed_types")) {
            throw new IllegalArgumentException("nothing to change; send public, max_file_size or allowed_types");
        }
        return new BucketRules(
                body.containsKey("public") ? Boolean.TRUE.equals(body.get("public")) : now.isPublic(),
                body.containsKey("max_file_size") ? size(body.get("max_file_size")) : now.fileSizeLimit(),
                body.containsKey("allowed_types") ? types(body.get("allowed_types")) : now.allowedTypes());
    }

    private Mono<ServerResponse> deleteBucket(ServerRequest request) {
        String name = request.pathVariable("name");
        boolean force = request.queryParam("force").map("true"::equals).orElse(false);
        return requests.made(request, "storage.bucket_delete", name,
                        found(requests.blocking(() -> buckets.delete(new DeleteBucketCommand(name, force)))))
                .flatMap(removed -> AdminRequests.ok(Map.of("name", name, "files_removed", removed)));
    }

    private static <T> Mono<T> found(Mono<T> work) {
        return work.onErrorMap(BucketNotFound.class, e -> new AdminError(ErrorCode.UNKNOWN_BUCKET, e.getMessage()));
    }

    // ---- files ----

    private Mono<ServerResponse> listFiles(ServerRequest request) {
        ListFilesQuery query = new ListFilesQuery(OWNER, request.pathVariable("bucket"),
                request.queryParam("prefix").orElse(""),
                AdminRequests.limit(request, 1000, 1000),
                request.queryParam("cursor").filter(cursor -> !cursor.isEmpty()).orElse(null));
        return refusals(reader.list(query)).flatMap(page -> {
            Map<String, @Nullable Object> answer = new LinkedHashMap<>();
            answer.put("bucket", query.bucket());
            answer.put("files", page.files().stream().map(file -> Map.of("name", file.path(), "size", file.size(),
                    "content_type", file.contentType(), "sha256", file.sha256(),
                    "updated_at", file.updatedAt().toString())).toList());
            answer.put("next_cursor", page.nextCursor());
            return AdminRequests.ok(answer);
        });
    }

    private Mono<ServerResponse> upload(ServerRequest request) {
        String bucket = request.pathVariable("bucket");
        String path = filePath(request);
        String contentType = request.headers().contentType().map(MediaType::toString)
                .orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        boolean upsert = request.queryParam("upsert").map("true"::equals).orElse(false);
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), (int) Math.min(Integer.MAX_VALUE,
                        maxFileSize))
                .onErrorMap(org.springframework.core.io.buffer.DataBufferLimitException.class, e ->
                        new AdminError(ErrorCode.FILE_TOO_LARGE, "the file is over this server's limit of "
                                + ByteSize.describe(maxFileSize) + " (storage.max_file_size)"))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> refusals(writer.upload(new UploadFileCommand(OWNER, bucket, path, bytes,
                        contentType, upsert), record("storage.cp", bucket + "/" + path), AnswerSize.NONE)))
                .flatMap(result -> ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(result.rows().getFirst()));
    }

    private Mono<ServerResponse> download(ServerRequest request) {
        String bucket = request.pathVariable("bucket");
        String path = filePath(request);
        return refusals(reader.download(new DownloadFileQuery(OWNER, bucket, path, 0, SLICE))).flatMap(first -> {
            Flux<DataBuffer> body = Mono.just(first)
                    .expand(slice -> slice.nextOffset() < 0 ? Mono.empty()
                            : refusals(reader.download(new DownloadFileQuery(OWNER, bucket, path, slice.nextOffset(),
                                    SLICE))))
                    .map(slice -> DefaultDataBufferFactory.sharedInstance.wrap(slice.bytes()));
            return ServerResponse.ok()
                    .contentType(mediaType(first.file().contentType()))
                    .contentLength(first.file().size())
                    .header("X-Fluxbase-Sha256", first.file().sha256())
                    .headers(headers -> savedNotShown(headers, path))
                    .body(body, DataBuffer.class);
        });
    }

    /** A type stored before uploads were checked against Spring's parser may not parse: the bytes still come. */
    private static MediaType mediaType(String contentType) {
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    /**
     * A file is what a key uploaded; opened in a browser signed in to the dashboard, an HTML or SVG file would run its
     * script on the dashboard's origin. So a download is saved, never sniffed, and sandboxed should it be shown.
     */
    private static void savedNotShown(HttpHeaders headers, String path) {
        headers.setContentDisposition(ContentDisposition.attachment()
                .filename(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8).build());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "sandbox; default-src 'none'");
    }

    private Mono<ServerResponse> deleteFiles(ServerRequest request) {
        return AdminRequests.body(request).flatMap(body -> {
            if (!(body.get("paths") instanceof List<?> paths) || paths.isEmpty()) {
                throw new IllegalArgumentException("paths: required; give a list of paths in the bucket");
            }
            return deleted(request.pathVariable("bucket"), paths.stream().map(String::valueOf).toList());
        });
    }

    private Mono<ServerResponse> deleted(String bucket, List<String> paths) {
        if (paths.size() > DeleteFilesCommand.MAX_PATHS) {
            throw new IllegalArgumentException("paths: at most " + DeleteFilesCommand.MAX_PATHS + " per request, got "
                    + paths.size());
        }
        DeleteFilesCommand command = new DeleteFilesCommand(OWNER, bucket, paths);
        return refusals(writer.delete(command, record("storage.rm", bucket), AnswerSize.NONE)).flatMap(result -> {
            List<Object> removed = new ArrayList<>();
            List<String> notFound = new ArrayList<>(paths);
            for (String row : result.rows()) {
                Map<?, ?> file = AdminRequests.JSON.readValue(row, Map.class);
                removed.add(file);
                notFound.remove(String.valueOf(file.get("path")));
            }
            return AdminRequests.ok(Map.of("bucket", bucket, "removed", removed, "not_found", notFound));
        });
    }

    /** The owner's file operations leave call records like a key's, made by the admin. */
    private static CallRecord record(String action, String target) {
        return new CallRecord(Instant.now(), TimeOrderedIds.next(), AuditCategory.MCP, null, OWNER.keyId(),
                "fluxbase-admin", KeyType.SERVICE.wireName(), OWNER.databaseRole(), null, "admin/" + action, target,
                null, null, CallOutcome.OK, null, null, 0, 0, 0, "fluxbase-admin", null, null, null, null);
    }

    /** The data plane's refusals as the admin API answers them, with their own code. */
    private static <T> Mono<T> refusals(CompletableFuture<T> future) {
        return Mono.fromFuture(future).onErrorMap(error -> ToolResults.refusalOf(error)
                .<Throwable>map(refusal -> new AdminError(refusal.errorCode(), refusal.getMessage()))
                .orElse(error));
    }


    /**
     * What follows the bucket's segment, decoded as it was sent: a key may hold characters (';', say) that the
     * route's own decoding would drop. Counted by path elements, since the bucket's segment may itself be spelled with
     * escapes or matrix parameters that its decoded name does not show.
     */
    private static String filePath(ServerRequest request) {
        String raw = request.requestPath().pathWithinApplication().subPath(FILE_PATH_ELEMENT).value();
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static @Nullable Long size(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            // as its exact text, so 1.5 or 2^64 + 5 is refused rather than cut to 1 or 5
            case Number number -> ByteSize.parse(NumberText.of(number), "max_file_size");
            case String text -> ByteSize.parse(text, "max_file_size");
            default -> throw new IllegalArgumentException("max_file_size: expected a size such as \"10MB\"");
        };
    }

    private static List<String> types(@Nullable Object value) {
        return switch (value) {
            case null -> List.of();
            case String text -> List.of(text.split(","));
            case List<?> list -> list.stream().map(String::valueOf).toList();
            default -> throw new IllegalArgumentException("allowed_types: expected a list such as [\"image/*\"]");
        };
    }
}
