package io.fluxbase.mcp.query.storage;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.storage.BucketRules;
import io.fluxbase.mcp.kernel.storage.BucketView;
import io.fluxbase.mcp.kernel.storage.DownloadFileQuery;
import io.fluxbase.mcp.kernel.storage.FileContent;
import io.fluxbase.mcp.kernel.storage.FileReader;
import io.fluxbase.mcp.kernel.storage.FileView;
import io.fluxbase.mcp.kernel.storage.FilesPage;
import io.fluxbase.mcp.kernel.storage.ListFilesQuery;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcCallerTransaction;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * list_files, download_file and storage://buckets, each one statement under the caller's role: the policies on
 * storage.objects decide which files exist for the key, and content is reachable only through a file it can see.
 * Each statement starts from the bucket, so an unknown bucket is told apart from an empty one without another trip.
 */
@Component
class FileReads implements FileReader {

    private static final String FILE_COLUMNS = "o.name, o.size, o.content_type, o.sha256, o.created_at, o.updated_at";

    private static final String LIST = "SELECT b.id, " + FILE_COLUMNS + " FROM storage.buckets b"
            + " LEFT JOIN LATERAL (SELECT * FROM storage.objects o WHERE o.bucket_id = b.id"
            + " AND o.name LIKE $2 ESCAPE '\\' AND o.name > $3 ORDER BY o.name LIMIT $4) o ON true WHERE b.id = $1";

    private static final String DOWNLOAD = "SELECT b.id, " + FILE_COLUMNS + ", substring(c.data FROM $3 FOR $4),"
            + " c.data IS NULL FROM storage.buckets b"
            + " LEFT JOIN storage.objects o ON o.bucket_id = b.id AND o.name = $2"
            + " LEFT JOIN fluxbase_storage.contents c ON c.sha256 = o.sha256 WHERE b.id = $1";

    private static final String BUCKETS = "SELECT b.id, b.public, b.file_size_limit, b.allowed_mime_types,"
            + " b.created_at, b.updated_at, count(o.id), coalesce(sum(o.size), 0)::bigint FROM storage.buckets b"
            + " LEFT JOIN storage.objects o ON o.bucket_id = b.id GROUP BY b.id ORDER BY b.id";

    private final R2dbcCallerTransaction transaction;
    private final ObjectProvider<StoredContent> stored;

    FileReads(R2dbcCallerTransaction transaction, ObjectProvider<StoredContent> stored) {
        this.transaction = transaction;
        this.stored = stored;
    }

    @Override
    public CompletableFuture<FilesPage> list(ListFilesQuery query) {
        String pattern = query.prefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        Mono<FilesPage> page = transaction.runStatement(query.caller(), connection -> connection.createStatement(LIST)
                        .bind(0, query.bucket()).bind(1, pattern)
                        .bind(2, query.cursor() == null ? "" : query.cursor()).bind(3, query.limit() + 1),
                        row -> row.get(1, String.class) == null ? Optional.<FileView>empty()
                                : Optional.of(file(query.bucket(), row, 1)))
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return unknownBucket(query.caller(), query.bucket());
                    }
                    List<FileView> files = rows.stream().flatMap(Optional::stream).toList();
                    boolean more = files.size() > query.limit();
                    List<FileView> kept = more ? files.subList(0, query.limit()) : files;
                    return Mono.just(new FilesPage(kept, more ? kept.getLast().path() : null));
                });
        return Conversations.toFuture(page);
    }

    @Override
    public CompletableFuture<FileContent> download(DownloadFileQuery query) {
        Mono<FileContent> content = transaction.runStatement(query.caller(), connection -> connection
                                .createStatement(DOWNLOAD).bind(0, query.bucket()).bind(1, query.path())
                                .bind(2, (int) Math.min(Integer.MAX_VALUE, query.offset() + 1))
                                .bind(3, query.maxBytes()),
                        row -> row.get(1, String.class) == null ? Optional.<Found>empty()
                                : Optional.of(new Found(file(query.bucket(), row, 1),
                                        bytes(row.get(7, ByteBuffer.class)), Boolean.TRUE.equals(row.get(8,
                                                Boolean.class)))))
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return unknownBucket(query.caller(), query.bucket());
                    }
                    Found found = rows.getFirst().orElse(null);
                    if (found == null) {
                        return Mono.error(new DataAccessRefusal(ErrorCode.NOT_FOUND, "path", "path: no file '"
                                + query.path() + "' in bucket '" + query.bucket() + "' that this key can read;"
                                + " list_files shows the files it can"));
                    }
                    if (!found.elsewhere() || query.offset() >= found.file().size()) {
                        return Mono.just(new FileContent(found.file(), query.offset(), found.bytes()));
                    }
                    return stored.getObject().read(found.file().sha256(), query.offset(), query.maxBytes())
                            .map(bytes -> new FileContent(found.file(), query.offset(), bytes));
                });
        return Conversations.toFuture(content);
    }

    private record Found(FileView file, byte[] bytes, boolean elsewhere) {
    }

    @Override
    public CompletableFuture<List<BucketView>> buckets(Caller caller) {
        return Conversations.toFuture(transaction.runStatement(caller, connection -> connection.createStatement(BUCKETS),
                FileReads::bucket));
    }

    private <T> Mono<T> unknownBucket(Caller caller, String bucket) {
        return Mono.fromFuture(() -> buckets(caller)).flatMap(buckets -> Mono.error(DataAccessRefusal.unknownBucket(
                bucket, buckets.stream().map(BucketView::bucket).toList())));
    }

    private static FileView file(String bucket, Readable row, int from) {
        return new FileView(bucket, row.get(from, String.class), row.get(from + 1, Long.class),
                row.get(from + 2, String.class), row.get(from + 3, String.class), row.get(from + 4, Instant.class),
                row.get(from + 5, Instant.class));
    }

    private static BucketView bucket(Readable row) {
        String[] types = row.get(3, String[].class);
        BucketRules rules = new BucketRules(Boolean.TRUE.equals(row.get(1, Boolean.class)), row.get(2, Long.class),
                types == null ? List.of() : List.of(types));
        return new BucketView(row.get(0, String.class), rules, row.get(6, Long.class), row.get(7, Long.class),
                row.get(4, Instant.class), row.get(5, Instant.class));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
