package io.fluxbase.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What one client, or many slow ones, may make a node hold: bodies are read before the key is known, so the bytes
 * of bodies still arriving are bounded over all connections (mcp.max_request_bytes_in_flight), a body that pauses
 * has its connection closed (mcp.request_read_timeout), a key's sessions are bounded in number, and so are a
 * session's subscriptions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLimitsIntegrationTest {

    static final int BODY = 900_000;

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_MCP_MAX_REQUEST_BYTES", "1048576",
                "FLUXBASE_MCP_MAX_REQUEST_BYTES_IN_FLIGHT", "1536KB", "FLUXBASE_MCP_REQUEST_READ_TIMEOUT", "2s"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void bodiesStillArrivingAreHeldOnlyUpToTheNodesBudget() throws Exception {
        try (Socket first = openPost(); Socket second = openPost()) {
            sendPart(first, 0, BODY - 10);
            Thread.sleep(500);
            sendPart(second, 0, BODY - 10); // together over 1.5 MiB: this body is only counted, not kept
            Thread.sleep(500);
            sendPart(second, BODY - 10, BODY);
            String[] busy = answer(second);
            assertThat(busy[0]).as(busy[1]).isEqualTo("429");
            assertThat(busy[1]).contains("mcp.max_request_bytes_in_flight", "again in a moment");

            sendPart(first, BODY - 10, BODY);
            String[] read = answer(first);
            assertThat(read[0]).as("read whole, then refused for its missing key: " + read[1]).isEqualTo("401");
        }
        try (Socket alone = openPost()) {
            sendPart(alone, 0, BODY);
            assertThat(answer(alone)[0]).as("the budget is given back once a body is read").isEqualTo("401");
        }
    }

    @Test
    void aBodyThatPausesHasItsConnectionClosedAndItsBytesGivenBack() throws Exception {
        try (Socket stalled = openPost()) {
            sendPart(stalled, 0, BODY - 10);
            long started = System.nanoTime();
            stalled.setSoTimeout(15_000);
            InputStream in = stalled.getInputStream();
            try {
                while (in.read() != -1) { // an answer, if any, then the close
                    continue;
                }
            } catch (SocketException reset) {
                // closed: what the test waits for
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).as("closed by the 2 s read timeout, not the client's 15 s").isLessThan(10);
        }
        for (int i = 0; i < 2; i++) { // a stalled body's bytes held on, two of these would not fit together
            try (Socket next = openPost()) {
                sendPart(next, 0, BODY);
                assertThat(answer(next)[0]).isEqualTo("401");
            }
        }
    }

    @Test
    void aKeysSessionsAreBoundedAndItsLeastRecentlyUsedEndsFirst() {
        TestServer.Key key = server.createKey(Map.of("name", "many-sessions", "type", "service",
                "scopes", List.of("read:tables"), "rate_limit_per_min", 5000));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sessions.add(server.initialize(key.secret()));
        }
        assertThat(ping(key, sessions.get(1)).statusCode()).isEqualTo(200); // used: now the first is the oldest
        String newest = server.initialize(key.secret());

        assertThat(ping(key, newest).statusCode()).isEqualTo(200);
        assertThat(ping(key, sessions.get(1)).statusCode()).isEqualTo(200);
        HttpResponse<String> ended = ping(key, sessions.get(0));
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(404);
        assertThat(ping(key, sessions.get(2)).statusCode()).isEqualTo(200);
    }

    /** The SDK keeps each subscribed URI with the session until it ends: a session holds only so many. */
    @Test
    void aSessionsSubscriptionsAreBoundedInNumberAndLength() {
        TestServer.Key key = server.createKey(Map.of("name", "subscriber", "type", "service",
                "scopes", List.of("read:schema"), "rate_limit_per_min", 5000));
        String session = server.initialize(key.secret());
        for (int i = 0; i < 16; i++) {
            assertThat(resources(key, session, "subscribe", "schema://tables/t" + i).statusCode()).isEqualTo(200);
        }
        assertThat(resources(key, session, "subscribe", "schema://tables/t3").statusCode())
                .as("subscribing again to the same URI holds nothing more").isEqualTo(200);
        HttpResponse<String> seventeenth = resources(key, session, "subscribe", "schema://tables/t16");
        assertThat(seventeenth.statusCode()).as(seventeenth.body()).isEqualTo(400);
        assertThat(seventeenth.body()).contains("-32602", "16 subscriptions", "resources/unsubscribe");

        assertThat(resources(key, session, "unsubscribe", "schema://tables/t0").statusCode()).isEqualTo(200);
        assertThat(resources(key, session, "subscribe", "schema://tables/t16").statusCode()).isEqualTo(200);

        HttpResponse<String> tooLong = resources(key, server.initialize(key.secret()), "subscribe",
                "schema://tables/" + "x".repeat(2040));
        assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.body()).contains("-32602", "params.uri", "at most 2048 characters");
    }

    private HttpResponse<String> resources(TestServer.Key key, String session, String what, String uri) {
        return server.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/" + what + "\",\"params\":{\"uri\":\""
                + uri + "\"}}", Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session));
    }

    private HttpResponse<String> ping(TestServer.Key key, String session) {
        return server.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}",
                Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session));
    }

    // ---- one POST over a socket of its own, sent in parts ----

    private static final byte[] PAYLOAD = payload();

    /** A ping of BODY bytes, padded by a field the server ignores. */
    private static byte[] payload() {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"pad\":\"";
        String tail = "\"}";
        return (head + "x".repeat(BODY - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    private Socket openPost() throws IOException {
        URI base = URI.create(server.baseUrl());
        Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort());
        socket.setSoTimeout(20_000);
        String head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: " + BODY
                + "\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static void sendPart(Socket socket, int from, int to) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(PAYLOAD, from, to - from);
        out.flush();
    }

    /** The status and the rest of the answer, once the server closes the connection. */
    private static String[] answer(Socket socket) throws IOException {
        String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {text.substring(9, 12), text};
    }
}
