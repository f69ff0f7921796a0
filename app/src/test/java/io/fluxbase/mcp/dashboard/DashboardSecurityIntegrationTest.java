package io.fluxbase.mcp.dashboard;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.TestServer;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard's sign-in and session rules tried the way an attacker (or a forgetful user) would, over plain HTTP:
 * wrong tokens, cross-site changes, stale sessions and used links. Sessions last {@value #TTL_SECONDS} s here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSecurityIntegrationTest {

    static final int TTL_SECONDS = 5;

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_DASHBOARD_SESSION_TTL", TTL_SECONDS + "s"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A signed-in browser: its cookie and CSRF token. */
    record Browser(String cookie, String csrf) {
    }

    @Test
    void aWrongTokenIsRefusedWithoutSayingWhyAndOpensNoSession() {
        InetAddress guesser = TestServer.freshClientAddress();
        for (String body : List.of("{\"token\":\"fbadm_guess\"}", "{\"token\":\"\"}", "{}", "not json")) {
            HttpResponse<String> refused = server.send(signInRequest(body).build(), guesser);
            assertThat(refused.statusCode()).as(body).isEqualTo(401);
            assertThat(message(refused)).isEqualTo("Sign-in failed");
            assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        }
        List<Map<String, Object>> refusals = TestServer.await("the refused sign-ins in the audit log",
                Duration.ofSeconds(10), () -> {
                    List<Map<String, Object>> records = deniedSignIns(guesser);
                    return records.size() == 4 ? records : null;
                });
        assertThat(refusals).allSatisfy(r -> assertThat(r).containsEntry("target", "dashboard")
                .containsEntry("message", "a wrong admin token"));
        assertThat(refusals.toString()).as("what was typed is never kept").doesNotContain("fbadm_guess");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> deniedSignIns(InetAddress from) {
        return ((List<Map<String, Object>>) server.admin("GET", "/admin/v1/logs?category=admin&status=denied", null,
                200).get("records")).stream()
                .filter(r -> "admin.sign_in".equals(r.get("method")) && from.getHostAddress().equals(r.get("ip")))
                .toList();
    }

    @Test
    void anAddressThatKeepsGuessingIsMadeToWaitEvenWithTheRightToken() {
        InetAddress guesser = TestServer.freshClientAddress();
        TestServer.startOfAMinute();
        for (int i = 0; i < 30; i++) {
            assertThat(server.send(signInRequest("{\"token\":\"guess-" + i + "\"}").build(), guesser).statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> throttled = server.send(signInRequest(tokenBody()).build(), guesser);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(message(throttled)).startsWith("Sign-in failed");
        assertThat(throttled.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(server.send(signInRequest(tokenBody()).build()).statusCode()).isEqualTo(200);
    }

    /**
     * Guesses sent at once, each holding back its body: were the allowance checked before the body arrived, every
     * one would pass the check before any failure was counted.
     */
    @Test
    void guessesSentAtOnceGetNoMoreThanTheAllowance() throws Exception {
        InetAddress guesser = TestServer.freshClientAddress();
        URI base = URI.create(server.baseUrl());
        TestServer.startOfAMinute();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String body = "{\"token\":\"guess-" + i + "\"}";
                Socket socket = new Socket(base.getHost(), base.getPort(), guesser, 0);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /dashboard/api/sign-in HTTP/1.1\r\nHost: " + base.getAuthority()
                        + "\r\nOrigin: " + server.baseUrl() + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n{")
                        .getBytes(StandardCharsets.UTF_8));
                sockets.add(socket);
            }
            Thread.sleep(500);
            for (int i = 0; i < sockets.size(); i++) {
                sockets.get(i).getOutputStream().write(("\"token\":\"guess-" + i + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            List<String> statuses = new ArrayList<>();
            for (Socket socket : sockets) {
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                statuses.add(answer.substring(9, 12));
            }
            // two event loops may each pass the check at the last failure allowed
            assertThat(statuses.stream().filter("401"::equals).count()).as(statuses.toString()).isBetween(30L, 31L);
            assertThat(statuses).containsOnly("401", "429");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void signingInSetsAStrictHttpOnlyCookieThatExpiresAndIsAnAuditedSignIn() throws Exception {
        HttpResponse<String> signedIn = server.send(signInRequest(tokenBody()).build());
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        // attribute names are case-insensitive (Netty writes HTTPOnly)
        assertThat(setCookie).startsWith("fluxbase_dashboard=").containsIgnoringCase("; HttpOnly")
                .contains("SameSite=Strict", "Path=/", "Max-Age=" + TTL_SECONDS);
        Browser browser = browser(signedIn);
        assertThat(get("/admin/v1/clientkeys", browser).statusCode()).isEqualTo(200);
        TestServer.await("the dashboard sign-in in the audit log", () -> ((List<Map<String, Object>>) server.admin(
                "GET", "/admin/v1/logs?category=admin", null, 200).get("records")).stream()
                .anyMatch(r -> "admin.sign_in".equals(r.get("method")) && "dashboard".equals(r.get("target"))
                        && "the admin token".equals(r.get("message"))));

        Thread.sleep(Duration.ofSeconds(TTL_SECONDS).plusMillis(500));
        assertThat(get("/admin/v1/clientkeys", browser).statusCode()).isEqualTo(401);
        assertThat(TestServer.JSON.readValue(get("/dashboard/api/session", browser).body(), Map.class))
                .containsEntry("signed_in", false).doesNotContainKey("csrf_token");
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        Browser browser = signIn();
        HttpResponse<String> out = server.send(change("/dashboard/api/sign-out", "", browser).build());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(get("/admin/v1/clientkeys", browser).statusCode()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCrossSiteChangeIsRefusedAndCreatesNothing() {
        Browser browser = signIn();
        String body = "{\"name\":\"planted\",\"type\":\"service\",\"scopes\":[\"read:tables\"]}";
        // an evil page's form or fetch: the browser sends the cookie only if SameSite failed, but it names its origin
        HttpResponse<String> evilOrigin = server.send(change("/admin/v1/clientkeys", body, browser)
                .setHeader("Origin", "https://evil.example").build());
        // no CSRF token (a plain cross-site form cannot set headers)
        HttpResponse<String> noToken = server.send(HttpRequest.newBuilder(uri("/admin/v1/clientkeys"))
                .header("Cookie", "fluxbase_dashboard=" + browser.cookie()).header("Origin", server.baseUrl())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        // the token but another site, as Sec-Fetch-Site says, with no Origin
        HttpResponse<String> crossSite = server.send(HttpRequest.newBuilder(uri("/admin/v1/clientkeys"))
                .header("Cookie", "fluxbase_dashboard=" + browser.cookie()).header("X-CSRF-Token", browser.csrf())
                .header("Sec-Fetch-Site", "cross-site").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        // another loopback origin (a different local app) is not this server either
        HttpResponse<String> otherPort = server.send(change("/admin/v1/clientkeys", body, browser)
                .setHeader("Origin", "http://127.0.0.1:1").build());
        for (HttpResponse<String> refused : List.of(evilOrigin, noToken, crossSite, otherPort)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        }
        assertThat(((List<Map<String, Object>>) server.admin("GET", "/admin/v1/clientkeys", null, 200).get("keys"))
                .stream().map(k -> k.get("name"))).doesNotContain("planted");
        // a cross-site sign-in (login CSRF) is refused too
        assertThat(server.send(signInRequest(tokenBody()).setHeader("Origin", "https://evil.example").build())
                .statusCode()).isEqualTo(403);
        // while the page's own request, with the token from its own origin, works
        HttpResponse<String> own = server.send(change("/admin/v1/clientkeys", body.replace("planted", "own"), browser)
                .build());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    }

    /**
     * A browser sends a {@code localhost} cookie to every port of the host, so another local service the operator
     * visits gets it: the cookie alone reads nothing, neither the admin API (the database's URL holds its password)
     * nor the session's CSRF token, nor the log's stream.
     */
    @Test
    void theCookieAloneReadsNothing() {
        Browser browser = signIn();
        for (String path : new String[] {"/admin/v1/db/url", "/admin/v1/clientkeys", "/admin/v1/logs/stream"}) {
            HttpResponse<String> alone = getWithCookieAlone(path, browser);
            assertThat(alone.statusCode()).as(path + ": " + alone.body()).isEqualTo(403);
            assertThat(message(alone)).contains("CSRF token");
        }
        HttpResponse<String> session = getWithCookieAlone("/dashboard/api/session", browser);
        assertThat(session.body()).contains("\"signed_in\":false").doesNotContain(browser.csrf());

        assertThat(get("/admin/v1/db/url", browser).statusCode()).isEqualTo(200);
        assertThat(get("/dashboard/api/session", browser).body()).contains("\"signed_in\":true");
        HttpResponse<String> wrong = server.send(HttpRequest.newBuilder(uri("/admin/v1/db/url"))
                .header("Cookie", "fluxbase_dashboard=" + browser.cookie()).header("X-CSRF-Token", "guess").build());
        assertThat(wrong.statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownScopeIsRefusedWithTheListOfScopes() {
        HttpResponse<String> refused = server.send(change("/admin/v1/clientkeys",
                "{\"name\":\"too-much\",\"type\":\"anon\",\"scopes\":[\"read:tables\",\"read:everything\"]}",
                signIn()).build());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(message(refused)).isEqualTo("unknown scope 'read:everything'; valid scopes are read:tables,"
                + " write:tables, execute:functions, execute:rpc, read:storage, write:storage, execute:jobs,"
                + " read:vectors, read:schema, read:audit");
    }

    @Test
    void aSignInLinkFromTheCliWorksOnceAndSaysSoAfter() {
        Map<String, Object> link = json(FluxbaseCommand.run(server, "dashboard", "open", "-o", "json"));
        String url = (String) link.get("url");
        assertThat(url).startsWith(server.baseUrl() + "/dashboard/login/");
        assertThat(link).containsKey("expires_at");
        assertThat(FluxbaseCommand.run(server, "dashboard", "open").out().strip())
                .startsWith(server.baseUrl() + "/dashboard/login/");

        HttpResponse<String> first = server.send(HttpRequest.newBuilder(URI.create(url)).build());
        assertThat(first.statusCode()).isEqualTo(303);
        String location = first.headers().firstValue("Location").orElseThrow();
        assertThat(location).as("the CSRF token in the fragment, for the page's own storage")
                .startsWith("/dashboard/#csrf=");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).containsIgnoringCase("; HttpOnly").contains("SameSite=Strict");
        Browser browser = new Browser(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')),
                location.substring(location.indexOf('=') + 1));
        assertThat(get("/admin/v1/clientkeys", browser).statusCode()).isEqualTo(200);

        HttpResponse<String> again = server.send(HttpRequest.newBuilder(URI.create(url)).build());
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).hasValue("/dashboard/#link-used");
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
        TestServer.await("the refused second use in the audit log", () -> deniedSignIns(InetAddress.getLoopbackAddress())
                .stream().anyMatch(r -> "an unknown, used or expired one-time link".equals(r.get("message"))));
    }

    @Test
    void thePagesForbidInlineScriptAndFramingAndAnswerOnlyOurOwnHost() {
        HttpResponse<String> page = server.send(HttpRequest.newBuilder(uri("/dashboard/")).build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).doesNotContain("<script>").contains("assets/dashboard.js");
        assertThat(server.send(HttpRequest.newBuilder(uri("/dashboard/assets/dashboard.js")).build()).statusCode())
                .isEqualTo(200);
        assertThat(server.send(HttpRequest.newBuilder(uri("/dashboard/assets/../index.html")).build()).statusCode())
                .isEqualTo(404);
        HttpResponse<String> rebound = server.send(HttpRequest.newBuilder(uri("/dashboard/"))
                .header("Origin", "https://evil.example").build());
        assertThat(rebound.statusCode()).isEqualTo(403);
    }

    /** The routes decode each segment and drop its matrix parameters; the guard must read the path the same way. */
    @ParameterizedTest
    @ValueSource(strings = {"/%64ashboard/", "/dashboard;x=1/", "/%64ashboard/assets/dashboard.js"})
    void aPathSpelledAnotherWayIsServedWithTheSameHeaders(String path) {
        HttpResponse<String> page = server.send(HttpRequest.newBuilder(uri(path)).build());
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
        assertThat(page.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%64ashboard/api/session", "/dashboard;x=1/api/session", "/dashboard/%61pi/session"})
    void aPathSpelledAnotherWayStillAnswersOnlyOurOwnOrigin(String path) {
        HttpResponse<String> own = server.send(HttpRequest.newBuilder(uri(path)).build());
        assertThat(own.statusCode()).as(path).isEqualTo(200);
        HttpResponse<String> rebound = server.send(HttpRequest.newBuilder(uri(path))
                .header("Origin", "https://evil.example").build());
        assertThat(rebound.statusCode()).as(path).isEqualTo(403);
        assertThat(rebound.body()).doesNotContain("signed_in");
    }

    // ---- plumbing ----

    private Browser signIn() {
        return browser(server.send(signInRequest(tokenBody()).build()));
    }

    @SuppressWarnings("unchecked")
    private static Browser browser(HttpResponse<String> signedIn) {
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        Map<String, Object> session = TestServer.JSON.readValue(signedIn.body(), Map.class);
        return new Browser(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')),
                (String) session.get("csrf_token"));
    }

    private String tokenBody() {
        return "{\"token\":\"" + server.server().adminToken() + "\"}";
    }

    private HttpRequest.Builder signInRequest(String body) {
        return HttpRequest.newBuilder(uri("/dashboard/api/sign-in")).header("Origin", server.baseUrl())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A change as the dashboard's own page makes it: cookie, CSRF token, its own origin. */
    private HttpRequest.Builder change(String path, String body, Browser browser) {
        return HttpRequest.newBuilder(uri(path)).header("Cookie", "fluxbase_dashboard=" + browser.cookie())
                .header("X-CSRF-Token", browser.csrf()).header("Origin", server.baseUrl())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A read as the dashboard's own page makes it: cookie and CSRF token. */
    private HttpResponse<String> get(String path, Browser browser) {
        return server.send(HttpRequest.newBuilder(uri(path)).header("Cookie", "fluxbase_dashboard=" + browser.cookie())
                .header("X-CSRF-Token", browser.csrf()).build());
    }

    /** What another service on this host receives from the operator's browser: the cookie, nothing else. */
    private HttpResponse<String> getWithCookieAlone(String path, Browser browser) {
        return server.send(HttpRequest.newBuilder(uri(path)).header("Cookie", "fluxbase_dashboard=" + browser.cookie())
                .build());
    }

    private URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    @SuppressWarnings("unchecked")
    private static String message(HttpResponse<String> response) {
        return (String) ((Map<String, Object>) TestServer.JSON.readValue(response.body(), Map.class).get("error"))
                .get("message");
    }
}
