package io.fluxbase.mcp.cli.connection;

import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Calls the server's admin HTTP API ({@code /admin/v1/...}) with the admin token and returns its JSON answers.
 * Failures become {@link CliException}s worded for the user: the server's own {@code error.message} for a refused
 * request, or what went wrong reaching the server.
 */
public final class AdminApiClient implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ServerConnection connection;
    private final HttpClient http;

    public AdminApiClient(ServerConnection connection) {
        this.connection = connection;
        // HTTP/1.1: the admin API is plain http on localhost, where an h2c upgrade attempt only adds a round trip.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    /** GET with query parameters; null values are left out. */
    public JsonNode get(String path, Map<String, @Nullable String> query) {
        return get(path, query, DEFAULT_TIMEOUT);
    }

    public JsonNode get(String path, Map<String, @Nullable String> query, Duration timeout) {
        return send("GET", path + queryString(query), null, timeout);
    }

    public JsonNode post(String path, @Nullable Object body) {
        return post(path, body, DEFAULT_TIMEOUT);
    }

    /** POST with a JSON body; a null body is sent as {@code {}} so the server always gets JSON. */
    public JsonNode post(String path, @Nullable Object body, Duration timeout) {
        return send("POST", path, CliJson.MAPPER.writeValueAsString(body == null ? Map.of() : body), timeout);
    }

    /** PATCH with a JSON body; fields set to JSON null are sent as null, which is how a setting is cleared. */
    public JsonNode patch(String path, Object body) {
        return send("PATCH", path, CliJson.MAPPER.writeValueAsString(body), DEFAULT_TIMEOUT);
    }

    /** PUT with a raw body sent as it is (not JSON), e.g. a secret's value; the answer is JSON as ever. */
    public JsonNode putRaw(String path, byte[] body) {
        HttpRequest request = request(path, DEFAULT_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return answer(exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), DEFAULT_TIMEOUT),
                "PUT", path);
    }

    /** DELETE with query parameters; null values are left out. */
    public JsonNode delete(String path, Map<String, @Nullable String> query) {
        return send("DELETE", path + queryString(query), null, DEFAULT_TIMEOUT);
    }

    /** Encodes an id or name for use as one path segment. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.close();
    }

    private JsonNode send(String method, String pathAndQuery, @Nullable String jsonBody, Duration timeout) {
        HttpRequest.Builder request = request(pathAndQuery, timeout);
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        }
        return answer(exchange(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), timeout),
                method, pathAndQuery);
    }

    /** A request to the admin API with the headers every call carries; {@link AdminApiFiles} adds its own. */
    HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(connection.baseUrl() + pathAndQuery))
                .timeout(timeout)
                .header("Authorization", "Bearer " + connection.token())
                .header("Accept", "application/json")
                .header("User-Agent", "fluxbase-cli/" + FluxbaseVersion.current().replace(' ', '-'));
    }

    /** The JSON of a 2xx answer, or the refusal as an {@link AdminApiException}. */
    JsonNode answer(HttpResponse<String> response, String method, String pathAndQuery) {
        String path = withoutQuery(pathAndQuery);
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return parseSuccess(response, method, path);
        }
        throw refusal(response.statusCode(), response.body(), method, path);
    }

    static String withoutQuery(String pathAndQuery) {
        return pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    }

    <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler, Duration timeout) {
        String server = "the Fluxbase server at " + connection.baseUrl();
        try {
            return http.send(request, bodyHandler);
        } catch (HttpConnectTimeoutException e) {
            throw new CliException("cannot reach " + server + ": connection timed out; is 'fluxbase start' running?",
                    e);
        } catch (HttpTimeoutException e) {
            throw new CliException(server + " did not answer within " + timeout.toSeconds() + "s", e);
        } catch (ConnectException e) {
            if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
                throw new CliException("cannot reach " + server + ": unknown host '" + connection.baseUrl().getHost()
                        + "'", e);
            }
            throw new CliException("cannot reach " + server + ": connection refused; is 'fluxbase start' running?",
                    e);
        } catch (IOException e) {
            throw new CliException("cannot reach " + server + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for " + server, e);
        }
    }

    private JsonNode parseSuccess(HttpResponse<String> response, String method, String path) {
        if (response.body().isBlank()) {
            return CliJson.MAPPER.createObjectNode();
        }
        try {
            return CliJson.MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            throw new CliException("the server's answer to " + method + " " + path + " is not JSON; is "
                    + connection.baseUrl() + " a Fluxbase server?", e);
        }
    }

    AdminApiException refusal(int status, String body, String method, String path) {
        try {
            JsonNode error = CliJson.MAPPER.readTree(body).path("error");
            String message = CliJson.text(error, "message");
            if (message != null && !message.isBlank()) {
                return new AdminApiException(status, CliJson.text(error, "code"), message);
            }
        } catch (JacksonException notJson) {
            // Not the admin API's error shape (a proxy, or not a Fluxbase server): fall through to a generic line.
        }
        String hint = switch (status) {
            case 401 -> "; check the admin token (--token, FLUXBASE_TOKEN or <data-dir>/admin-token)";
            case 404 -> "; is " + connection.baseUrl() + " a Fluxbase server?";
            default -> "";
        };
        return new AdminApiException(status, null,
                "the server answered " + status + " to " + method + " " + path + hint);
    }

    static String queryString(Map<String, @Nullable String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return joined.toString();
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
