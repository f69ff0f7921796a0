package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.AdminApiFiles;
import io.fluxbase.mcp.cli.execution.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A local file streamed into a bucket with one PUT of its raw bytes. */
final class FileUpload {

    private FileUpload() {
    }

    /** {@code progressFor} gets the file's size and gives the bar to report to. Answers the server's JSON. */
    static JsonNode run(AdminApiClient api, Path file, BucketPath target, @Nullable String contentType,
            boolean upsert, Function<Long, TransferProgress> progressFor) {
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a directory; copy one file at a time");
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException(file + " does not exist");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        query.put("upsert", upsert ? "true" : null);
        TransferProgress progress = progressFor.apply(size);
        try {
            JsonNode stored = new AdminApiFiles(api).upload(target.filePath(), query, file,
                    contentType == null ? ContentTypeGuess.of(file) : contentType, progress::advance);
            progress.finish();
            return stored;
        } catch (RuntimeException e) {
            progress.abandon();
            throw e;
        }
    }

    /** A target ending in '/' is a folder: the file keeps its own name there, as with cp. */
    static BucketPath target(BucketPath typed, Path file) {
        if (typed.path().isEmpty() || typed.path().endsWith("/")) {
            return new BucketPath(typed.bucket(), typed.path() + file.getFileName());
        }
        return typed;
    }
}
