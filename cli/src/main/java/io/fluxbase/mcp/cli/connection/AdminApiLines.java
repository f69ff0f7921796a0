package io.fluxbase.mcp.cli.connection;

import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.json.CliJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Long admin requests answered as a stream of JSON lines (a verification's progress, an export's records): each
 * line is handed on as it arrives. An {@code {"error":...}} line (a failure after the answer began) ends it with
 * that message.
 */
public final class AdminApiLines {

    private final AdminApiClient api;

    public AdminApiLines(AdminApiClient api) {
        this.api = api;
    }

    /** {@code method} with a JSON body ({@code null}: none) and query parameters; null values are left out. */
    public void read(String method, String path, Map<String, @Nullable String> query, @Nullable Object body,
            Consumer<JsonNode> line) {
        String pathAndQuery = path + AdminApiClient.queryString(query);
        HttpRequest.Builder request = api.request(pathAndQuery, AdminApiFiles.TRANSFER_TIMEOUT)
                .header("Accept", "application/x-ndjson, application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(CliJson.MAPPER.writeValueAsString(body)));
        }
        HttpResponse<InputStream> response = api.exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream(),
                AdminApiFiles.TRANSFER_TIMEOUT);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            if (response.statusCode() < 200 || response.statusCode() >= 300) {
                StringBuilder text = new StringBuilder();
                lines.lines().forEach(text::append);
                throw api.refusal(response.statusCode(), text.toString(), method, path);
            }
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode parsed = parse(text, method, path);
                if (parsed.has("error")) {
                    throw new CliException(String.valueOf(CliJson.text(parsed.path("error"), "message")));
                }
                line.accept(parsed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the answer to " + method + " " + path + " broke off: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String text, String method, String path) {
        try {
            return CliJson.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new CliException("the server's answer to " + method + " " + path + " is not JSON lines", e);
        }
    }
}
