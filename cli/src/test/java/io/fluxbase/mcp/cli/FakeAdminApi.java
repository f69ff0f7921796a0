package io.fluxbase.mcp.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the server's admin API on 127.0.0.1: answers requests with canned JSON and records what it got.
 * Several answers for the same request are given out in order; the last one repeats.
 */
public final class FakeAdminApi implements AutoCloseable {

    /** {@code bytes} is the raw body, for uploads; {@code body} the same as UTF-8 text, for JSON. */
    public record Request(String method, String path, String query, String authorization, String contentType,
            String body, byte[] bytes) {
    }

    private record Answer(int status, byte[] body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeAdminApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeAdminApi answer(String method, String path, int status, String json) {
        return answerBytes(method, path, status, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    /** A raw answer, such as a file's bytes with its Content-Type and X-Fluxbase-Sha256 headers. */
    public FakeAdminApi answerBytes(String method, String path, int status, byte[] body, Map<String, String> headers) {
        synchronized (answers) {
            answers.computeIfAbsent(method + " " + path, key -> new ArrayDeque<>())
                    .add(new Answer(status, body, Map.copyOf(headers)));
        }
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests);
        }
        return requests.getFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(method, path, query == null ? "" : query,
                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                new String(body, StandardCharsets.UTF_8), body));
        Answer answer;
        synchronized (answers) {
            Deque<Answer> queued = answers.get(method + " " + path);
            if (queued == null || queued.isEmpty()) {
                answer = new Answer(404, ("{\"error\":{\"code\":\"not_found\",\"message\":\"no canned answer for "
                        + method + " " + path + "\"}}").getBytes(StandardCharsets.UTF_8),
                        Map.of("Content-Type", "application/json"));
            } else {
                answer = queued.size() > 1 ? queued.removeFirst() : queued.getFirst();
            }
        }
        byte[] bytes = answer.body();
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
