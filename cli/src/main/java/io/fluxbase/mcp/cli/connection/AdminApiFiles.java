package io.fluxbase.mcp.cli.connection;

import io.fluxbase.mcp.cli.execution.CliException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * File bytes to and from the admin API as raw HTTP bodies, streamed from and to disk: never base64 in JSON, never
 * the whole file in memory. Refusals are the same {@link AdminApiException}s the JSON calls give.
 */
public final class AdminApiFiles {

    /** Covers the whole body on upload, only the headers on download; a large file on a slow link takes a while. */
    public static final Duration TRANSFER_TIMEOUT = Duration.ofHours(1);

    private final AdminApiClient api;

    public AdminApiFiles(AdminApiClient api) {
        this.api = api;
    }

    /** PUTs the file's bytes; {@code sent} hears of each chunk as it goes out. Answers the server's JSON. */
    public JsonNode upload(String path, Map<String, @Nullable String> query, Path file, String contentType,
            LongConsumer sent) {
        HttpRequest.BodyPublisher bytes;
        try {
            bytes = new CountingBodyPublisher(HttpRequest.BodyPublishers.ofFile(file), sent);
        } catch (FileNotFoundException e) {
            throw new CliException(file + " does not exist", e);
        }
        String pathAndQuery = path + AdminApiClient.queryString(query);
        HttpRequest request = api.request(pathAndQuery, TRANSFER_TIMEOUT)
                .header("Content-Type", contentType)
                .PUT(bytes)
                .build();
        HttpResponse<String> response = api.exchange(request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), TRANSFER_TIMEOUT);
        return api.answer(response, "PUT", pathAndQuery);
    }

    /** GETs a file; the caller reads the body from the returned download and closes it. */
    public Download download(String path) {
        HttpRequest request = api.request(path, TRANSFER_TIMEOUT).header("Accept", "*/*").GET().build();
        HttpResponse<InputStream> response = api.exchange(request, HttpResponse.BodyHandlers.ofInputStream(),
                TRANSFER_TIMEOUT);
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw api.refusal(response.statusCode(), body, "GET", AdminApiClient.withoutQuery(path));
        }
        return new Download(response.body(),
                response.headers().firstValueAsLong("Content-Length"),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue(Download.SHA256_HEADER).orElse(null));
    }

    /** A file's bytes as they arrive, with what the server says about them. */
    public record Download(InputStream body, OptionalLong contentLength, @Nullable String contentType,
            @Nullable String sha256) implements AutoCloseable {

        public static final String SHA256_HEADER = "X-Fluxbase-Sha256";

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
