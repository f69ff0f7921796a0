package io.fluxbase.mcp.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keys admitted by two nodes on one database. Per-key limits in fixed calendar minutes are counted on each node and
 * reconciled through the database, so the cluster admits beyond a key's limit at most one second's worth of its
 * traffic; a revocation reaches every node within a second. Node A runs with a server default of 3 requests a
 * minute; node B shares A's database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyAdmissionAcrossNodesIntegrationTest {

    static final int SERVER_DEFAULT = 3;
    static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"ping\"}";
    static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    /** The README's bound: what one node counted reaches the others within this. */
    static final Duration RECONCILED = Duration.ofSeconds(1);

    TestServer nodeA;
    TestServer nodeB;

    @BeforeAll
    void start() {
        nodeA = TestServer.start(Map.of("FLUXBASE_MCP_RATE_LIMIT_PER_MIN", String.valueOf(SERVER_DEFAULT)));
        nodeB = TestServer.start(Map.of("FLUXBASE_DATABASE_URL", nodeA.server().database().psqlUrl()));
    }

    @AfterAll
    void stop() {
        try {
            if (nodeB != null) {
                nodeB.close();
            }
        } finally {
            nodeA.close();
        }
    }

    /** Windows are calendar minutes: start late in a minute and the boundary could reset the count mid-test. */
    @BeforeEach
    void startEarlyInAMinute() throws InterruptedException {
        LocalTime now = LocalTime.now();
        if (now.getSecond() > 45) {
            long toNextMinute = (60 - now.getSecond()) * 1000L - now.getNano() / 1_000_000L + 200;
            Thread.sleep(toNextMinute);
        }
    }

    // ---- helpers ----

    TestServer.Key keyWithLimit(String name, Integer limit) {
        Map<String, Object> request = new java.util.HashMap<>(Map.of("name", name, "type", "service",
                "scopes", List.of("read:tables")));
        if (limit != null) {
            request.put("rate_limit_per_min", limit);
        }
        return nodeA.createKey(request);
    }

    static HttpResponse<String> initialize(TestServer node, String secret) {
        return node.post("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"rate-test","version":"1"}}}""", Map.of("X-Client-Key", secret));
    }

    static String sessionOf(HttpResponse<String> initialize) {
        assertThat(initialize.statusCode()).as(initialize.body()).isEqualTo(200);
        return initialize.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    static HttpResponse<String> inSession(TestServer node, String secret, String session, String body) {
        return node.post(body, Map.of("X-Client-Key", secret, "Mcp-Session-Id", session));
    }

    /** Spends {@code count} requests of the key's window on {@code node}: initialize, initialized, then pings. */
    static String spend(TestServer node, String secret, int count) {
        String session = sessionOf(initialize(node, secret));
        for (int i = 2; i <= count; i++) {
            HttpResponse<String> response = inSession(node, secret, session, i == 2 ? INITIALIZED : PING.formatted(i));
            assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isIn(200, 202);
        }
        return session;
    }

    @SuppressWarnings("unchecked")
    static void assertRateLimited(HttpResponse<String> response, int limit) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).as("Retry-After header").isPresent();
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body = TestServer.JSON.readValue(response.body(), Map.class);
        assertThat(body).containsEntry("jsonrpc", "2.0").containsKey("id").doesNotContainKey("result");
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertThat(error).isNotNull();
        assertThat(error.get("code")).isInstanceOf(Integer.class);
        assertThat((String) error.get("message")).contains(limit + " requests per minute");
    }

    // ---- tests ----

    @Test
    void perKeyLimitRefusesTheRequestAfterTheLimitAndRecordsIt() {
        TestServer.Key limited = keyWithLimit("limited-5", 5);
        TestServer.Key bystander = keyWithLimit("bystander-5", 5);

        String session = spend(nodeA, limited.secret(), 5);
        HttpResponse<String> sixth = inSession(nodeA, limited.secret(), session, PING.formatted(6));
        assertRateLimited(sixth, 5);
        assertRateLimited(inSession(nodeA, limited.secret(), session, PING.formatted(7)), 5);

        // Another key's window is its own.
        String other = spend(nodeA, bystander.secret(), 3);
        assertThat(inSession(nodeA, bystander.secret(), other, PING.formatted(4)).statusCode()).isEqualTo(200);

        TestServer.await("the rate-limited records", () -> nodeA.count("""
                SELECT count(*) FROM fluxbase.audit_log
                WHERE key_id = ? AND outcome = 'rate_limited' AND method = 'ping' AND category = 'mcp'""",
                limited.id()) == 2);
        TestServer.await("all records of the limited key", () -> nodeA.count(
                "SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND category = 'mcp'", limited.id()) == 7);
        assertThat(nodeA.count("""
                SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND outcome = 'rate_limited'
                  AND error_code = 'rate_limited' AND message LIKE '%5 requests per minute%'""",
                limited.id())).as("the refusals are recorded with their reason").isEqualTo(2);
        assertThat(nodeA.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND outcome <> 'ok'",
                bystander.id())).isZero();
    }

    /** A key that sent nothing for longer than a node follows it is still at its count for the rest of the minute. */
    @Test
    void aKeyIdleForSecondsIsNotAdmittedItsLimitAgain() throws InterruptedException {
        TestServer.Key idle = keyWithLimit("idle-5", 5);
        String session = spend(nodeA, idle.secret(), 5);
        Thread.sleep(6_000); // past the 5 s a node keeps reconciling a key that sent nothing
        assertRateLimited(inSession(nodeA, idle.secret(), session, PING.formatted(6)), 5);
        assertRateLimited(inSession(nodeA, idle.secret(), session, PING.formatted(7)), 5);
    }

    @Test
    void serverDefaultAppliesToKeysWithoutTheirOwnLimit() {
        TestServer.Key plain = keyWithLimit("default-limit", null);
        String session = spend(nodeA, plain.secret(), SERVER_DEFAULT);
        assertRateLimited(inSession(nodeA, plain.secret(), session, PING.formatted(4)), SERVER_DEFAULT);
        TestServer.await("the rate-limited record", () -> nodeA.count(
                "SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND outcome = 'rate_limited'",
                plain.id()) == 1);
    }

    /** Each node reconciles its counts within the second; after that, the limit is the cluster's. */
    @Test
    void limitIsSharedByEveryNodeOnTheDatabase() throws InterruptedException {
        TestServer.Key refusedOnA = spendTwoOnEachNodeThenRefuse("cluster-a", nodeA, nodeB);
        TestServer.Key refusedOnB = spendTwoOnEachNodeThenRefuse("cluster-b", nodeB, nodeA);

        TestServer.await("the refusals of both nodes", () -> nodeA.count("""
                SELECT count(*) FROM fluxbase.audit_log WHERE key_id IN (?, ?) AND outcome = 'rate_limited'""",
                refusedOnA.id(), refusedOnB.id()) == 4);
    }

    /** A key limited to 4 a minute spends 2 on each node; after reconciling, both nodes refuse it. */
    TestServer.Key spendTwoOnEachNodeThenRefuse(String name, TestServer refusesFirst, TestServer refusesNext)
            throws InterruptedException {
        TestServer.Key key = keyWithLimit(name, 4);
        Map<TestServer, String> sessions = Map.of(nodeA, spend(nodeA, key.secret(), 2),
                nodeB, spend(nodeB, key.secret(), 2));
        Thread.sleep(RECONCILED.toMillis());
        assertRateLimited(inSession(refusesFirst, key.secret(), sessions.get(refusesFirst), PING.formatted(5)), 4);
        assertRateLimited(inSession(refusesNext, key.secret(), sessions.get(refusesNext), PING.formatted(6)), 4);
        return key;
    }

    /**
     * Four clients, two on each node, send as fast as they are answered for four seconds: the nodes together admit
     * at least the limit and at most the limit plus one second's worth of what the clients sent. (That the count is
     * shared at all is shown above.)
     */
    @Test
    void busyNodesTogetherExceedTheLimitByAtMostOneSecondsWorth() throws Exception {
        int limit = 100;
        TestServer.Key busy = keyWithLimit("cluster-busy", limit);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        List<Integer> otherAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
        Duration runFor = Duration.ofSeconds(4);
        long started = System.nanoTime();
        try (var clients = Executors.newFixedThreadPool(4)) {
            for (TestServer node : List.of(nodeA, nodeA, nodeB, nodeB)) {
                clients.execute(() -> {
                    HttpResponse<String> init = initialize(node, busy.secret());
                    sent.incrementAndGet();
                    if (init.statusCode() != 200) {
                        return;
                    }
                    admitted.incrementAndGet();
                    String session = sessionOf(init);
                    for (int i = 2; System.nanoTime() - started < runFor.toNanos(); i++) {
                        int status = inSession(node, busy.secret(), session, PING.formatted(i)).statusCode();
                        sent.incrementAndGet();
                        if (status == 200) {
                            admitted.incrementAndGet();
                        } else if (status != 429) {
                            otherAnswers.add(status);
                        }
                    }
                });
            }
        }
        assertThat(otherAnswers).as("answers other than 200 and 429").isEmpty();
        double seconds = (System.nanoTime() - started) / 1e9;
        double oneSecondsWorth = sent.get() / seconds;
        assertThat(sent.get()).as("requests sent (the bound means little unless many were refused)")
                .isGreaterThan(2 * limit);
        assertThat(admitted.get()).as("admitted of %d sent in %.1f s", sent.get(), seconds)
                .isBetween(limit, (int) (limit + oneSecondsWorth));
    }

    @Test
    void aRevocationReachesEveryNodeWithinASecond() throws InterruptedException {
        assertRevocationReachesNodeB("cluster-revoked");
    }

    /** The nodes' listening connections are cut just before the revocation: they read the registry instead. */
    @Test
    void aRevocationReachesANodeThatLostItsNotices() throws InterruptedException {
        long cut = nodeA.count("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE query LIKE 'LISTEN fluxbase_key_registry%'""");
        assertThat(cut).as("listening connections cut").isEqualTo(2);
        assertRevocationReachesNodeB("cluster-revoked-unheard");
    }

    void assertRevocationReachesNodeB(String keyName) throws InterruptedException {
        TestServer.Key key = keyWithLimit(keyName, 1000);
        String onA = sessionOf(initialize(nodeA, key.secret()));
        String onB = sessionOf(initialize(nodeB, key.secret()));
        assertThat(inSession(nodeB, key.secret(), onB, PING.formatted(2)).statusCode()).isEqualTo(200);

        nodeA.admin("POST", "/admin/v1/clientkeys/" + key.id() + "/revoke", null, 200);
        long revoked = System.nanoTime();
        assertThat(inSession(nodeA, key.secret(), onA, PING.formatted(3)).statusCode())
                .as("on the node that answered the revocation, at once").isEqualTo(401);
        int status;
        do {
            status = inSession(nodeB, key.secret(), onB, PING.formatted(4)).statusCode();
        } while (status == 200 && System.nanoTime() - revoked < Duration.ofSeconds(5).toNanos());
        long tookMs = (System.nanoTime() - revoked) / 1_000_000;
        assertThat(status).as("on the other node").isEqualTo(401);
        assertThat(tookMs).as("ms until the other node refused the key").isLessThanOrEqualTo(1000);
    }
}
