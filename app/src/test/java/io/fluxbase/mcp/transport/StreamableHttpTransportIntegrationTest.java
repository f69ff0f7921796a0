package io.fluxbase.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Streamable HTTP rules as a client sees them on the wire: raw POST/GET/DELETE requests against a real node, and
 * for each refusal the status code and a JSON-RPC error body without internals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamableHttpTransportIntegrationTest {

    static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}";

    TestServer server;
    String keyA;
    String keyB;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("CREATE TABLE public.gadgets (id int PRIMARY KEY, name text);"
                + " INSERT INTO public.gadgets VALUES (1, 'sprocket');"
                + " CREATE TABLE public.labels (id int PRIMARY KEY, name text);"
                + " INSERT INTO public.labels VALUES (1, 'Zahnräder ⚙ 歯車');");
        keyA = server.createKey("transport-a", "service", "read:tables", "read:schema").secret();
        keyB = server.createKey("transport-b", "service", "read:tables", "read:schema").secret();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ---- helpers ----

    static String initializeBody(String version) {
        return """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",
                 "capabilities":{},"clientInfo":{"name":"transport-test","version":"2"}}}""".formatted(version);
    }

    Map<String, String> withKey(String key, String... more) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Client-Key", key);
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    HttpResponse<String> postWithSession(String session, String body, String... more) {
        return server.post(body, withKey(keyA, concat(more, "Mcp-Session-Id", session)));
    }

    static String[] concat(String[] first, String... second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) {
        return TestServer.JSON.readValue(body, Map.class);
    }

    /** Every refusal: the status, a JSON body that is a JSON-RPC 2.0 error object, and nothing of the server's guts. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> assertRpcError(int status, String contentType, String body, int expectedStatus) {
        assertThat(status).as(body).isEqualTo(expectedStatus);
        assertThat(contentType).as("Content-Type of the error").startsWith("application/json");
        assertNoInternals(body);
        Map<String, Object> message = json(body);
        assertThat(message).as(body).containsEntry("jsonrpc", "2.0").containsKey("id").doesNotContainKey("result");
        assertThat(message.get("error")).as(body).isInstanceOf(Map.class);
        Map<String, Object> error = (Map<String, Object>) message.get("error");
        assertThat(error.get("code")).as(body).isInstanceOf(Integer.class);
        assertThat(error.get("message")).as(body).isInstanceOf(String.class);
        assertThat((String) error.get("message")).as(body).isNotBlank();
        return error;
    }

    static Map<String, Object> assertRpcError(HttpResponse<String> response, int expectedStatus) {
        return assertRpcError(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), expectedStatus);
    }

    static void assertNoInternals(String body) {
        assertThat(body).as("error body must not leak a stack trace")
                .doesNotContain("\tat ", "\\tat ", ".java:", "at io.", "at org.", "at java.", "at reactor.",
                        "Exception:", "Caused by");
    }

    HttpResponse<String> send(HttpRequest request) {
        return server.send(request);
    }

    HttpRequest.Builder request(String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.mcpUrl())).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder;
    }

    // ---- sessions ----

    @Nested
    class Sessions {

        @Test
        @SuppressWarnings("unchecked")
        void initializeAnswersJsonWithASessionId() {
            HttpResponse<String> response = server.post(initializeBody("2025-11-25"), withKey(keyA));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(response.headers().firstValue("Mcp-Session-Id")).hasValueSatisfying(
                    id -> assertThat(id).isNotBlank());
            Map<String, Object> body = json(response.body());
            assertThat(body).containsEntry("jsonrpc", "2.0").containsEntry("id", 1);
            Map<String, Object> result = (Map<String, Object>) body.get("result");
            assertThat(result).containsKeys("protocolVersion", "capabilities", "serverInfo");
        }

        @Test
        void notificationIsAcceptedWith202AndNoBody() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
        }

        @Test
        void requestAfterInitializeIsAnswered() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session, PING);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response.body())).containsEntry("id", 7).containsKey("result");
        }

        @Test
        void requestWithoutSessionIdIs400() {
            HttpResponse<String> response = server.post(TOOLS_LIST, withKey(keyA));
            Map<String, Object> error = assertRpcError(response, 400);
            assertThat((String) error.get("message")).contains("Mcp-Session-Id");
        }

        @Test
        void unknownSessionIdIs404() {
            HttpResponse<String> response = postWithSession(UUID.randomUUID().toString(), TOOLS_LIST);
            assertRpcError(response, 404);
        }

        @Test
        void deleteEndsTheSession() {
            String session = server.initialize(keyA);
            HttpResponse<String> deleted = send(request("X-Client-Key", keyA, "Mcp-Session-Id", session)
                    .DELETE().build());
            assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 299);
            assertRpcError(postWithSession(session, PING), 404);
            HttpResponse<String> again = send(request("X-Client-Key", keyA, "Mcp-Session-Id", session)
                    .DELETE().build());
            assertRpcError(again, 404);
        }

        @Test
        void sessionOfOneKeyIsUnknownToAnother() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = server.post(PING, withKey(keyB, "Mcp-Session-Id", session));
            assertRpcError(response, 404);
            assertThat(postWithSession(session, PING).statusCode()).as("the owner still uses it").isEqualTo(200);
        }

        @Test
        void otherHttpMethodsAre405AndStillLeaveOneRecord() {
            String agent = "put-probe-" + System.nanoTime();
            // from an address of its own: without a key, only an address's first refusal of a minute is recorded alone
            HttpResponse<String> response = server.send(request("User-Agent", agent, "Content-Type",
                    "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    TestServer.freshClientAddress());
            assertRpcError(response, 405);
            TestServer.await("the PUT's record", () -> server.count(
                    "SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = ?", agent) == 1);
            assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = ? AND outcome = 'invalid'"
                    + " AND error_code = 'method_not_allowed'", agent)).isEqualTo(1);
        }

        @Test
        void requestWithoutKeyIsRefusedWithAJsonRpcError() {
            HttpResponse<String> response = server.post(initializeBody("2025-11-25"), Map.of());
            assertRpcError(response, 401);
        }
    }

    // ---- protocol versions ----

    @Nested
    class ProtocolVersions {

        @ParameterizedTest
        @ValueSource(strings = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"})
        @SuppressWarnings("unchecked")
        void eachSupportedVersionIsNegotiatedAtInitialize(String version) {
            HttpResponse<String> response = server.post(initializeBody(version), withKey(keyA));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Map<String, Object> result = (Map<String, Object>) json(response.body()).get("result");
            assertThat(result).containsEntry("protocolVersion", version);
        }

        @Test
        void unsupportedVersionHeaderIs400NamingTheSupportedVersions() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session, PING, "MCP-Protocol-Version", "1999-01-01");
            Map<String, Object> error = assertRpcError(response, 400);
            assertThat((String) error.get("message")).contains("1999-01-01").contains(VERSIONS);
        }

        @Test
        void supportedVersionHeaderIsAccepted() {
            String session = server.initialize(keyA);
            for (String version : VERSIONS) {
                HttpResponse<String> response = postWithSession(session, PING, "MCP-Protocol-Version", version);
                assertThat(response.statusCode()).as(version + ": " + response.body()).isEqualTo(200);
            }
        }
    }

    // ---- DNS rebinding protection ----

    @Nested
    class OriginAndHost {

        @Test
        void foreignOriginIs403() {
            HttpResponse<String> response = server.post(initializeBody("2025-11-25"),
                    withKey(keyA, "Origin", "http://evil.example"));
            Map<String, Object> error = assertRpcError(response, 403);
            assertThat((String) error.get("message")).contains("evil.example");
        }

        @Test
        void loopbackOriginIsAllowed() {
            HttpResponse<String> response = server.post(initializeBody("2025-11-25"),
                    withKey(keyA, "Origin", "http://localhost:3000"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        @Test
        void foreignHostIs421() throws IOException {
            RawResponse response = rawPost("evil.example", initializeBody("2025-11-25"), keyA);
            assertRpcError(response.status(), response.header("content-type"), response.body(), 421);
            assertThat(response.body()).contains("evil.example");
        }

        @Test
        void loopbackHostWithPortIsServed() throws IOException {
            RawResponse response = rawPost("localhost:" + server.server().port(), initializeBody("2025-11-25"),
                    keyA);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
    }

    // ---- bodies ----

    @Nested
    class Bodies {

        @Test
        void malformedJsonIs400ParseError() {
            HttpResponse<String> response = server.post("{not json", withKey(keyA));
            Map<String, Object> error = assertRpcError(response, 400);
            assertThat(error).containsEntry("code", -32700);
        }

        @Test
        void malformedJsonInASessionIs400ParseError() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session, "{\"jsonrpc\":\"2.0\",\"id\":1,");
            Map<String, Object> error = assertRpcError(response, 400);
            assertThat(error).containsEntry("code", -32700);
        }

        @Test
        void batchIs400() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session, "[" + PING + "," + TOOLS_LIST + "]");
            Map<String, Object> error = assertRpcError(response, 400);
            assertThat((String) error.get("message")).containsIgnoringCase("batch");
        }

        @Test
        void bodyOverTheRequestLimitIs413() {
            String session = server.initialize(keyA);
            String body = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\",\"params\":{\"pad\":\""
                    + "x".repeat(8 * 1024 * 1024) + "\"}}";
            HttpResponse<String> response = postWithSession(session, body);
            Map<String, Object> error = assertRpcError(response, 413);
            assertThat((String) error.get("message")).contains("8388608");
        }

        @Test
        void chunkedBodyOverTheRequestLimitIs413() {
            String session = server.initialize(keyA);
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\",\"params\":{\"pad\":\""
                    + "x".repeat(8 * 1024 * 1024 + 10) + "\"}}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = send(request("X-Client-Key", keyA, "Mcp-Session-Id", session,
                    "Content-Type", "application/json", "Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                    .build());
            assertRpcError(response, 413);
        }

        @Test
        void weightedAcceptHeaderIsAccepted() {
            HttpResponse<String> response = server.post(initializeBody("2025-11-25"),
                    withKey(keyA, "Accept", "application/json;q=0.9, text/event-stream;q=0.8"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Mcp-Session-Id")).isPresent();
        }

        @Test
        void anAcceptRulingOutJsonIsRefusedRightAfterOneThatAllowedIt() {
            // the server remembers the last Accept it found acceptable; another text is judged anew
            String allows = "application/json, text/event-stream";
            assertThat(server.post(initializeBody("2025-11-25"), withKey(keyA, "Accept", allows)).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> refused = server.post(initializeBody("2025-11-25"),
                    withKey(keyA, "Accept", "text/html"));
            assertThat((String) assertRpcError(refused, 406).get("message")).contains("Accept must allow");
            assertThat(server.post(initializeBody("2025-11-25"), withKey(keyA, "Accept", allows)).statusCode())
                    .isEqualTo(200);
        }

        @Test
        void unknownToolIsInvalidParamsNotAStackTrace() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session, """
                    {"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"no_such_tool","arguments":{}}}""");
            Map<String, Object> error = assertRpcError(response, 200);
            assertThat(error).containsEntry("code", -32602);
            assertThat(json(response.body())).containsEntry("id", 11);
            assertThat((String) error.get("message")).contains("'no_such_tool'", "query_table")
                    .doesNotContain("invalid_tool_name", "insert_record");
            assertThat(error.get("data"))
                    .isEqualTo(Map.of("tool", "no_such_tool", "available", List.of("query_table")));
        }

        @Test
        void unknownToolWithControlCharactersIsNamedReadably() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session, """
                    {"jsonrpc":"2.0","id":13,"method":"tools/call","params":{"name":"bad\\u0000\\u001b[31mname"}}""");
            Map<String, Object> error = assertRpcError(response, 200);
            assertThat((String) error.get("message")).contains("'bad\\u0000\\u001b[31mname'");
        }

        @Test
        void knownToolAnswersWithItsResult() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session, """
                    {"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"query_table",
                     "arguments":{"table":"gadgets"}}}""");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("sprocket").doesNotContain("\"error\"");
        }

        @Test
        void anAnswerIsSentWholeWithItsLengthInUtf8Bytes() {
            String session = server.initialize(keyA);
            HttpResponse<String> response = postWithSession(session, """
                    {"jsonrpc":"2.0","id":14,"method":"tools/call","params":{"name":"query_table",
                     "arguments":{"table":"labels"}}}""");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(response.headers().firstValue("Content-Length"))
                    .hasValue(String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(response.body()).contains("Zahnräder ⚙ 歯車").endsWith("}");
        }
    }

    // ---- GET: the listening stream ----

    @Nested
    class ListeningStream {

        /** The stream's status and headers come at once, not when the first event (or keep-alive) is due. */
        @Test
        void getWithSessionOpensAnEventStream() throws Exception {
            String session = server.initialize(keyA);
            HttpRequest get = request("X-Client-Key", keyA, "Mcp-Session-Id", session, "Accept", "text/event-stream")
                    .timeout(Duration.ofSeconds(30)).GET().build();
            CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(get,
                    HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<InputStream> response;
            try {
                response = pending.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                throw new AssertionError("GET with a valid session sent no status line or headers within 5 s;"
                        + " a client cannot tell that its listening stream is open", e);
            }
            try (InputStream stream = response.body()) {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/event-stream"));
            }
        }

        /** Revoking or rotating a key ends its open streams within moments; another key's session stays. */
        @Test
        void aRetiredKeysStreamIsEndedWithinMoments() throws Exception {
            TestServer.Key revoked = server.createKey("stream-revoked", "service", "read:tables");
            TestServer.Key rotated = server.createKey("stream-rotated", "service", "read:tables");
            Listening revokedStream = listening(revoked.secret());
            Listening rotatedStream = listening(rotated.secret());
            Listening bystander = listening(keyA);

            server.admin("POST", "/admin/v1/clientkeys/" + revoked.id() + "/revoke", null, 200);
            server.admin("POST", "/admin/v1/clientkeys/" + rotated.id() + "/rotate", null, 200);
            for (Listening ended : List.of(revokedStream, rotatedStream)) {
                CompletableFuture.runAsync(() -> {
                    try (InputStream stream = ended.stream()) {
                        stream.transferTo(OutputStream.nullOutputStream()); // to its end
                    } catch (IOException e) {
                        // a reset connection has ended too
                    }
                }).get(5, TimeUnit.SECONDS);
            }
            HttpResponse<String> ping = send(request("X-Client-Key", keyA, "Mcp-Session-Id", bystander.session(),
                    "Content-Type", "application/json", "Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                    .build());
            assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
            bystander.stream().close();
        }

        record Listening(String session, InputStream stream) {
        }

        Listening listening(String key) throws Exception {
            String session = server.initialize(key);
            HttpResponse<InputStream> response = http.sendAsync(request("X-Client-Key", key, "Mcp-Session-Id",
                    session, "Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(5, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            return new Listening(session, response.body());
        }

        @Test
        void getWithoutSessionIs400() {
            HttpResponse<String> response = send(request("X-Client-Key", keyA, "Accept", "text/event-stream")
                    .GET().build());
            assertRpcError(response, 400);
        }

        @Test
        void getWithUnknownSessionIs404() {
            HttpResponse<String> response = send(request("X-Client-Key", keyA, "Accept", "text/event-stream",
                    "Mcp-Session-Id", UUID.randomUUID().toString()).GET().build());
            assertRpcError(response, 404);
        }
    }

    // ---- health ----

    @Test
    void healthNeedsNoKey() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.mcpUrl() + "/health"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body())).containsEntry("status", "healthy").containsEntry("version", "1.0");
    }

    // ---- HTTP/1.1 pipelining: a client may send its next requests before the answers ----

    static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3})");

    @Test
    void pipelinedRequestsAreEachAnsweredInOrder() throws IOException {
        URI mcp = URI.create(server.mcpUrl());
        String host = "Host: " + mcp.getHost() + ":" + mcp.getPort() + "\r\n";
        String body = "{\"name\":\"planted\",\"type\":\"service\",\"scopes\":[\"read:tables\"]}";
        // the health check waits for the database; the admin POST without a token is refused at once, body unread
        String requests = "GET " + mcp.getPath() + "/health HTTP/1.1\r\n" + host + "\r\n"
                + "POST /admin/v1/clientkeys HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body
                + "GET " + mcp.getPath() + "/health HTTP/1.1\r\n" + host + "\r\n";
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        try (Socket socket = new Socket(mcp.getHost(), mcp.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; statusCodes(answers).size() < 3 && (n = in.read(buffer)) > 0; ) {
                answers.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stalled) {
            // a request left unanswered shows in the assertion below
        }
        assertThat(statusCodes(answers)).as(answers.toString(StandardCharsets.UTF_8))
                .containsExactly("200", "401", "200");
    }

    static List<String> statusCodes(ByteArrayOutputStream answers) {
        return STATUS_LINE.matcher(answers.toString(StandardCharsets.UTF_8)).results().map(m -> m.group(1)).toList();
    }

    // ---- a raw socket, for the Host header java.net.http will not let a caller set ----

    record RawResponse(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    RawResponse rawPost(String host, String body, String key) throws IOException {
        URI mcp = URI.create(server.mcpUrl());
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + mcp.getPath() + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\n"
                + "X-Client-Key: " + key + "\r\n"
                + "Content-Length: " + content.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket(mcp.getHost(), mcp.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, split).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String rest = text.substring(split + 4);
            if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
                rest = dechunk(rest);
            }
            return new RawResponse(status, headers, rest);
        }
    }

    static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int end = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, end).trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            String piece = chunked.substring(end + 2, end + 2 + size);
            out.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
            at = end + 2 + size + 2;
        }
    }
}
