package io.fluxbase.mcp.kernel.storage;

import io.fluxbase.mcp.kernel.caller.Caller;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads buckets and files under the caller's role: row-level security on storage.objects decides which files a key
 * sees. Refusals complete exceptionally with {@code DataAccessRefusal} (an unknown bucket names the buckets there are,
 * a file the key cannot see is not found).
 */
public interface FileReader {

    CompletableFuture<FilesPage> list(ListFilesQuery query);

    CompletableFuture<FileContent> download(DownloadFileQuery query);

    /** Every bucket, with the count and bytes of the files this caller can see in it. */
    CompletableFuture<List<BucketView>> buckets(Caller caller);
}
