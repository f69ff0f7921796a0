package io.fluxbase.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Settings a user sets in fluxbase.yaml (here through their environment variables) change what the server does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSettingsIntegrationTest {

    TestServer server;
    String key;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of(
                "FLUXBASE_MCP_BASE_PATH", "/tools/mcp",
                "FLUXBASE_MCP_SESSION_IDLE_TIMEOUT", "3s",
                "FLUXBASE_AUDIT_ARGUMENTS", "redacted"));
        server.applySql("CREATE TABLE public.things (id int PRIMARY KEY, name text); INSERT INTO public.things VALUES (1, 'a');");
        key = server.createKey("settings", "service", "read:tables").secret();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build());
    }

    @Test
    void servesMcpAndHealthUnderTheConfiguredBasePath() {
        assertThat(server.mcpUrl()).endsWith("/tools/mcp");
        assertThat(server.client(key).listTools().tools()).extracting(t -> t.name()).contains("query_table");
        assertThat(get("/tools/mcp/health").statusCode()).isEqualTo(200);
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(404);
    }

    @Test
    void queriesAreDispatchedWithoutAJdbcTransaction() {
        // Axon's default query bus would open a JDBC transaction around every (R2DBC) query handler
        assertThat(server.server().context().getBeansOfType(org.axonframework.queryhandling.QueryBus.class))
                .containsOnlyKeys("fluxbaseQueryBus");
    }

    @Test
    void idleSessionsEnd() throws InterruptedException {
        String session = server.initialize(key);
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
        assertThat(server.post(ping, Map.of("X-Client-Key", key, "Mcp-Session-Id", session)).statusCode())
                .isEqualTo(200);
        Thread.sleep(3_800);
        HttpResponse<String> expired = server.post(ping, Map.of("X-Client-Key", key, "Mcp-Session-Id", session));
        assertThat(expired.statusCode()).isEqualTo(404);
        assertThat(expired.body()).contains("initialize");
    }

    @Test
    void redactedAuditKeepsTheArgumentsBesideTheirDigest() throws Exception {
        var result = server.client(key).callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest(
                "query_table", Map.of("table", "things", "filter", Map.of("name", "eq.a"))));
        assertThat(result.isError()).isFalse();
        TestServer.await("the call's audit record", () -> server.count(
                "SELECT count(*) FROM fluxbase.audit_log WHERE target = 'query_table' AND arguments IS NOT NULL") > 0);
        try (var connection = server.database(); var rows = connection.createStatement().executeQuery(
                "SELECT arguments, argument_digest FROM fluxbase.audit_log WHERE target = 'query_table'")) {
            rows.next();
            assertThat(rows.getString("arguments")).contains("\"table\":\"things\"").contains("eq.a");
            assertThat(rows.getString("argument_digest")).hasSize(64);
        }
    }

    @Test
    void healthTurnsUnhealthyWhileTheDatabaseDoesNotAnswerAndRecovers() throws Exception {
        Path pidFile = server.server().dataDir().resolve("postgres/postmaster.pid");
        String postmaster = Files.readAllLines(pidFile).get(0).trim();
        signal("STOP", postmaster);
        try {
            HttpResponse<String> down = get("/tools/mcp/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"unhealthy\"").contains("\"version\":\"1.0\"");
        } finally {
            signal("CONT", postmaster);
        }
        TestServer.await("health to recover", () -> get("/tools/mcp/health").statusCode() == 200);
        assertThat(server.client(key).listTools().tools()).isNotEmpty();
    }

    private static void signal(String name, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder(List.of("kill", "-" + name, pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
