package io.fluxbase.mcp.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A stranger trying keys, or sending garbage without one, from one address: after mcp.auth_failures_per_min failed
 * authentications the address gets 429 until its minute ends, a valid key from the same address keeps working, and
 * the audit log gets a bounded number of records that still count every attempt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthFailureThrottleIntegrationTest {

    static final int LIMIT = 5;
    static final int ATTEMPTS = 12;
    static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_MCP_AUTH_FAILURES_PER_MIN", String.valueOf(LIMIT)));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Waits for the minute to end and the server to record its summaries (every 5 s). */
    static void nextMinute() throws InterruptedException {
        Thread.sleep((61 - LocalTime.now(ZoneOffset.UTC).getSecond()) * 1000L);
    }

    List<Map<String, Object>> records(InetAddress from) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = server.database(); var statement = connection.prepareStatement("""
                SELECT category, method, outcome, error_code, rows, bytes_out, message, user_agent
                FROM fluxbase.audit_log WHERE ip = ? ORDER BY global_index""")) {
            statement.setString(1, from.getHostAddress());
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String column : List.of("category", "method", "outcome", "error_code", "rows", "bytes_out",
                            "message", "user_agent")) {
                        row.put(column, result.getObject(column));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /**
     * The admin API and the metrics take the token on every request: wrong ones count against the address as the
     * dashboard's sign-in does, are recorded until then, and past the limit even the right token waits.
     */
    @Test
    void wrongAdminTokensAreThrottledPerAddressLikeTheDashboardsSignIn() throws Exception {
        InetAddress guesser = TestServer.freshClientAddress();
        InetAddress operator = TestServer.freshClientAddress();
        TestServer.startOfAMinute();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            String path = i % 2 == 0 ? "/admin/v1/clientkeys" : "/actuator/prometheus";
            statuses.add(admin(path, "Bearer guess-" + i, guesser).statusCode());
        }
        assertThat(statuses.subList(0, LIMIT)).as("the first %d guesses", LIMIT).containsOnly(401);
        assertThat(statuses.subList(LIMIT, ATTEMPTS)).as("the guesses past the limit").containsOnly(429);
        HttpResponse<String> right = admin("/admin/v1/clientkeys", "Bearer " + server.server().adminToken(), guesser);
        assertThat(right.statusCode()).as("the right token from a throttled address").isEqualTo(429);
        assertThat(right.body()).contains("too many wrong admin tokens", "wait a minute");
        assertThat(admin("/admin/v1/clientkeys", "Bearer " + server.server().adminToken(), operator).statusCode())
                .as("another address").isEqualTo(200);
        TestServer.await("the guesses' records", () -> records(guesser).size() >= LIMIT);
        Thread.sleep(300);
        assertThat(records(guesser)).as("one record per guess until the address was throttled").hasSize(LIMIT)
                .allSatisfy(r -> assertThat(r).containsEntry("category", "admin").containsEntry("outcome", "denied")
                        .containsEntry("message", "a wrong admin token"));
    }

    /**
     * A page under another name resolved to this server (DNS rebinding) reaches it from the operator's own address:
     * its guesses are refused for their Host before they are counted, so the operator is not shut out.
     */
    @Test
    void guessesUnderAForeignHostDoNotSpendTheAddresssAllowance() throws Exception {
        InetAddress browser = TestServer.freshClientAddress();
        TestServer.startOfAMinute();
        for (int i = 0; i < ATTEMPTS; i++) {
            String[] answer = server.rawGet("/admin/v1/clientkeys", "evil.example", "Bearer guess-" + i, browser);
            assertThat(answer[0]).as(answer[1]).isEqualTo("421");
            assertThat(answer[1]).contains("evil.example", "mcp.allowed_hosts");
        }
        HttpResponse<String> right = admin("/admin/v1/clientkeys", "Bearer " + server.server().adminToken(), browser);
        assertThat(right.statusCode()).as("the operator from the same address: %s", right.body()).isEqualTo(200);
    }

    HttpResponse<String> admin(String path, String authorization, InetAddress from) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).GET().build(), from);
    }

    @Test
    @SuppressWarnings("unchecked")
    void strangersAreAnswered429AfterTheLimitAndRecordedAsOneCountPerAddressAndMinute() throws Exception {
        TestServer.Key good = server.createKey("throttle-good", "service", "read:tables");
        InetAddress stranger = TestServer.freshClientAddress();
        InetAddress neighbour = TestServer.freshClientAddress();
        TestServer.startOfAMinute();

        List<Integer> statuses = new ArrayList<>();
        long bytesAnswered = 0;
        for (int i = 0; i < ATTEMPTS; i++) {
            Map<String, String> headers = i % 3 == 0 ? Map.of("User-Agent", "stranger-" + i)
                    : Map.of("User-Agent", "stranger-" + i, "X-Client-Key", "fbk_guess" + i);
            HttpResponse<String> response = server.post(TOOLS_LIST, headers, stranger);
            statuses.add(response.statusCode());
            bytesAnswered += response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            Map<String, Object> error = RefusalBodies.rpcError(response);
            if (i >= LIMIT) {
                assertThat(response.headers().firstValue("Retry-After")).as("attempt " + i)
                        .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 61));
                assertThat((String) error.get("message")).contains("Too many failed authentications",
                        "X-Client-Key", "retry after");
            }
        }
        assertThat(statuses.subList(0, LIMIT)).as("the first %d attempts", LIMIT).containsOnly(401);
        assertThat(statuses.subList(LIMIT, ATTEMPTS)).as("the attempts past the limit").containsOnly(429);

        // a valid key from the same address is not held up
        HttpResponse<String> init = server.post("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"throttled-neighbour","version":"1"}}}""",
                Map.of("X-Client-Key", good.secret()), stranger);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> list = server.post(TOOLS_LIST, Map.of("X-Client-Key", good.secret(),
                "Mcp-Session-Id", session), stranger);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("query_table");
        // and another address is not throttled
        assertThat(server.post(TOOLS_LIST, Map.of("X-Client-Key", "fbk_guess"), neighbour).statusCode())
                .isEqualTo(401);

        // garbage without a key, from a third address: never 429 (no key failed), but recorded the same way
        InetAddress garbler = TestServer.freshClientAddress();
        for (int i = 0; i < ATTEMPTS; i++) {
            HttpResponse<String> response = server.post(i % 2 == 0 ? "[1,2,3]" : "{not json",
                    Map.of("User-Agent", "garbage-" + i), garbler);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        }

        // at once: only the first failure has a record of its own
        TestServer.await("the first failure's record", () -> records(stranger).stream()
                .anyMatch(r -> "auth".equals(r.get("category"))));
        Thread.sleep(500);
        List<Map<String, Object>> early = records(stranger).stream()
                .filter(r -> "auth".equals(r.get("category"))).toList();
        assertThat(early).singleElement().satisfies(r -> assertThat(r).containsEntry("user_agent", "stranger-0")
                .containsEntry("error_code", "missing_key").containsEntry("outcome", "denied"));
        long firstBytes = ((Number) early.get(0).get("bytes_out")).longValue();
        TestServer.await("the first garbage record", () -> !records(garbler).isEmpty());
        assertThat(records(garbler)).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("user_agent", "garbage-0").containsEntry("error_code", "batch_not_supported"));

        // when the minute is over: one more record that counts the rest
        nextMinute();
        TestServer.await("the minute's summary", () -> records(stranger).stream()
                .filter(r -> "auth".equals(r.get("category"))).count() == 2);
        List<Map<String, Object>> auth = records(stranger).stream()
                .filter(r -> "auth".equals(r.get("category"))).toList();
        assertThat(auth).hasSize(2);
        Map<String, Object> summary = auth.get(1);
        assertThat(summary).containsEntry("outcome", "rate_limited").containsEntry("error_code", "repeated_failures")
                .containsEntry("rows", (long) (ATTEMPTS - 1)).containsEntry("user_agent", "stranger-" + (ATTEMPTS - 1));
        assertThat((String) summary.get("message")).contains(ATTEMPTS - 1 + " more requests", stranger.getHostAddress(),
                "unknown_key", "missing_key", (ATTEMPTS - LIMIT) + " answered 429", "mcp.auth_failures_per_min");
        assertThat(((Number) summary.get("bytes_out")).longValue()).isEqualTo(bytesAnswered - firstBytes);
        assertThat(records(stranger)).as("the good key's calls are recorded as usual")
                .filteredOn(r -> "mcp".equals(r.get("category"))).hasSize(2);

        TestServer.await("the garbage minute's summary", () -> records(garbler).size() == 2);
        Map<String, Object> garbage = records(garbler).get(1);
        assertThat(garbage).containsEntry("category", "auth").containsEntry("outcome", "denied")
                .containsEntry("rows", (long) (ATTEMPTS - 1));
        assertThat((String) garbage.get("message")).contains("batch_not_supported 5", "parse_error 6")
                .doesNotContain("429");

        // the compliance report counts each summary as the requests it stands for, not as one
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> refusals = (List<Map<String, Object>>) server.admin("GET",
                "/admin/v1/compliance/report?since=10m", null, 200).get("refusals");
        Map<String, Object> noKey = refusals.stream().filter(r -> r.get("key_id") == null).findFirst().orElseThrow();
        assertThat(((Number) noKey.get("calls")).longValue()).as("requests no key authenticated")
                .isGreaterThanOrEqualTo(2L * ATTEMPTS);
        assertThat(((Number) noKey.get("rate_limited")).longValue()).isGreaterThanOrEqualTo(ATTEMPTS - 1);
    }

    /** Reads a refusal's JSON-RPC error and checks its shape. */
    static final class RefusalBodies {
        @SuppressWarnings("unchecked")
        static Map<String, Object> rpcError(HttpResponse<String> response) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            Map<String, Object> body = TestServer.JSON.readValue(response.body(), Map.class);
            assertThat(body).containsEntry("jsonrpc", "2.0").containsKey("error");
            Map<String, Object> error = (Map<String, Object>) body.get("error");
            assertThat(error.get("code")).isInstanceOf(Integer.class);
            assertThat((String) error.get("message")).isNotBlank();
            assertThat(response.body()).doesNotContain("Exception", "\tat ");
            return error;
        }
    }
}
