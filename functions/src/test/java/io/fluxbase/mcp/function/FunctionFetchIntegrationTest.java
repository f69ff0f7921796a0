package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.function.Functions.call;
import static io.fluxbase.mcp.function.Functions.code;
import static io.fluxbase.mcp.function.Functions.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fluxbase.mcp.kernel.function.FunctionCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fetch} against a real HTTP server on 127.0.0.1: what reaches it, what the function gets, what is refused. */
class FunctionFetchIntegrationTest {

    private static HttpServer server;
    /** Another origin on the list: the same host, another port. */
    private static HttpServer other;
    private static String base;
    private static FunctionRuntime runtime;
    private static final List<String> received = new CopyOnWriteArrayList<>();

    /**
     * Calls {@code fetch(req.body.url, req.body.init)}; answers what it saw (with no {@code status} key, which would
     * make the answer a response of its own) or the rejection's message.
     */
    private static final FunctionCode FETCHES = code("""
            export default async (req) => {
              try {
                const r = await fetch(req.body.url, req.body.init);
                const text = await r.text();
                return { code: r.status, ok: r.ok, redirected: r.redirected, reply: r.headers.get('X-Reply'),
                  type: r.headers.get('content-type'), text,
                  json: r.headers.get('content-type') === 'application/json' ? await r.json() : null };
              } catch (e) {
                return { rejected: e.message };
              }
            };
            """);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String json = FunctionJson.write(Map.of("method", exchange.getRequestMethod(),
                    "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("content-type")),
                    "test", String.valueOf(exchange.getRequestHeaders().getFirst("x-test")), "body", body));
            exchange.getResponseHeaders().add("X-Reply", "yes");
            respond(exchange, 200, "application/json", json, true);
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "text/plain", "late", true);
        });
        server.createContext("/to-echo", exchange -> redirect(exchange, "/echo"));
        server.createContext("/away", exchange -> redirect(exchange, "http://example.com/steal"));
        other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (HttpServer origin : List.of(server, other)) {
            origin.createContext("/auth", exchange -> respond(exchange, 200, "text/plain",
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), true));
        }
        other.start();
        server.createContext("/to-auth", exchange -> redirect(exchange, "/auth"));
        server.createContext("/to-other-auth", exchange -> redirect(exchange, "http://127.0.0.1:"
                + other.getAddress().getPort() + "/auth"));
        String big = "x".repeat(2000);
        server.createContext("/big-declared", exchange -> respond(exchange, 200, "text/plain", big, true));
        server.createContext("/big-streamed", exchange -> respond(exchange, 200, "text/plain", big, false));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        runtime = new FunctionRuntime(FunctionRuntimeSettings.defaults().withAllowedHosts(
                AllowedHosts.parse("api.example.org, 127.0.0.1:" + server.getAddress().getPort() + ", 127.0.0.1:"
                        + other.getAddress().getPort(), "test")));
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.stop(0);
        other.stop(0);
    }

    @BeforeEach
    void forget() {
        received.clear();
    }

    @Test
    void getsFromAnAllowedHost() {
        Map<?, ?> seen = fetch(base + "/echo", null);

        assertThat(seen.get("code")).isEqualTo(200);
        assertThat(seen.get("ok")).isEqualTo(true);
        assertThat(seen.get("reply")).isEqualTo("yes");
        assertThat(seen.get("json")).isEqualTo(Map.of("method", "GET", "contentType", "null", "test", "null",
                "body", ""));
        assertThat(received).containsExactly("GET /echo");
    }

    @Test
    void postsJsonWithHeaders() {
        Map<?, ?> seen = fetch(base + "/echo", Map.of("method", "post", "headers",
                Map.of("Content-Type", "application/json", "X-Test", "yes"), "body", "{\"n\":1}"));

        assertThat(seen.get("json")).isEqualTo(Map.of("method", "POST", "contentType", "application/json",
                "test", "yes", "body", "{\"n\":1}"));
    }

    @Test
    void followsARedirectToAnAllowedHost() {
        Map<?, ?> seen = fetch(base + "/to-echo", null);

        assertThat(seen.get("redirected")).isEqualTo(true);
        assertThat(seen.get("reply")).isEqualTo("yes");
        assertThat(received).containsExactly("GET /to-echo", "GET /echo");
    }

    /** A token sent to one origin is not handed to another a redirect names: another port here, or scheme. */
    @Test
    void credentialsFollowARedirectOnlyWithinTheirOrigin() {
        Map<String, Object> init = Map.of("headers", Map.of("Authorization", "Bearer kept-to-its-origin"));

        assertThat(fetch(base + "/to-auth", init).get("text")).isEqualTo("Bearer kept-to-its-origin");
        assertThat(fetch(base + "/to-other-auth", init).get("text")).isEqualTo("null");
        assertThat(received).containsExactly("GET /to-auth", "GET /auth", "GET /to-other-auth", "GET /auth");
    }

    /** Transfer-Encoding beside the body's length would let a second request ride in the body past a proxy. */
    @Test
    void aHeaderThatFramesTheConnectionIsRefusedAndNothingIsSent() {
        for (String header : List.of("Transfer-Encoding", "te", "Trailer", "Keep-Alive")) {
            Map<?, ?> seen = fetch(base + "/echo", Map.of("method", "POST", "headers", Map.of(header, "chunked"),
                    "body", "0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n"));
            assertThat(seen.get("rejected")).as(header).isEqualTo("fetch: the header '" + header + "' cannot be set"
                    + " by a function; the connection's framing is the server's");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aFetchInFlightDoesNotHoldUpTheFunctionsOtherWork() {
        FunctionCode both = code("""
                export default async (req, ctx) => {
                  const order = [];
                  const fetched = fetch(req.body.url).then((r) => r.text()).then((t) => order.push('fetch ' + t));
                  await ctx.rpc('now', {});
                  order.push('rpc');
                  await fetched;
                  return order;
                };
                """);

        Object order = call(runtime, both, post(Map.of("url", base + "/slow")), new FakeFunctionContext()).body();

        assertThat(order).isEqualTo(List.of("rpc", "fetch late"));
    }

    @Test
    void aHostNotListedIsRefusedByNameAndNeverAsked() {
        int port = server.getAddress().getPort();

        assertThat(fetch("http://localhost:" + port + "/echo", null).get("rejected")).isEqualTo("fetch: host"
                + " 'localhost:" + port + "' is not allowed (functions.allowed_hosts lists: api.example.org,"
                + "127.0.0.1:" + port + ",127.0.0.1:" + other.getAddress().getPort() + ")");
        assertThat(fetch("http://example.com/", null).get("rejected"))
                .isEqualTo("fetch: host 'example.com' is not allowed (functions.allowed_hosts lists: api.example.org,"
                        + "127.0.0.1:" + port + ",127.0.0.1:" + other.getAddress().getPort() + ")");
        assertThat(received).isEmpty();
    }

    @Test
    void onlyHttpAndHttpsCanBeFetched() {
        assertThat(fetch("file:///etc/passwd", null).get("rejected"))
                .isEqualTo("fetch: only http: and https: URLs with a host can be fetched, not 'file:///etc/passwd'");
    }

    @Test
    void aRedirectToAHostNotListedIsRefused() {
        assertThat(fetch(base + "/away", null).get("rejected")).asString()
                .startsWith("fetch: " + base + "/away redirects to host 'example.com', which is not allowed"
                        + " (functions.allowed_hosts lists: ");
        assertThat(received).containsExactly("GET /away");
    }

    @Test
    void aResponseOverTheFunctionsLimitIsRefused() {
        FunctionCode small = code("small", FETCHES.source(), Duration.ofSeconds(10), 1000);
        String refused = "fetch: the response from 127.0.0.1:" + server.getAddress().getPort()
                + " is larger than the function's limit of 1000 bytes";

        for (String path : List.of("/big-declared", "/big-streamed")) {
            Object seen = call(runtime, small, post(Map.of("url", base + path)), new FakeFunctionContext()).body();
            assertThat(seen).as(path).isEqualTo(Map.of("rejected", refused));
        }
    }

    @Test
    void withNoHostListedFetchIsNotAvailable() {
        try (FunctionRuntime closed = new FunctionRuntime()) {
            Object seen = call(closed, FETCHES, post(Map.of("url", base + "/echo")), new FakeFunctionContext())
                    .body();

            assertThat(seen).isEqualTo(Map.of("rejected",
                    "fetch is not available: functions.allowed_hosts lists no host"));
        }
        assertThat(received).isEmpty();
    }

    private static Map<?, ?> fetch(String url, @Nullable Map<String, Object> init) {
        Map<String, Object> body = init == null ? Map.of("url", url) : Map.of("url", url, "init", init);
        return (Map<?, ?>) call(runtime, FETCHES, post(body), new FakeFunctionContext()).body();
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        respond(exchange, 302, "text/plain", "", true);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body, boolean declareLength)
            throws IOException {
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : declareLength ? bytes.length : 0);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
