package io.fluxbase.mcp.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Prometheus metrics as a stranger and as the operator see them: only the admin token opens them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request.build());
    }

    String bearer() {
        return "Bearer " + server.server().adminToken();
    }

    @SuppressWarnings("unchecked")
    static void assertRefused(int status, String body, int expectedStatus, String code) {
        assertThat(status).as(body).isEqualTo(expectedStatus);
        Map<String, Object> error = (Map<String, Object>) TestServer.JSON.readValue(body, Map.class).get("error");
        assertThat(error).as(body).containsEntry("code", code);
        assertThat((String) error.get("message")).isNotBlank();
        assertThat(body).doesNotContain("jvm_", "process_", "# HELP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/prometheus", "/actuator", "//actuator/prometheus", "/actuator;x=1/prometheus",
            "/actuator/%70rometheus"})
    void withoutTheAdminTokenMetricsAreRefused(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(401, 404);
        assertThat(response.body()).doesNotContain("jvm_", "process_", "# HELP");
        if (path.equals("/actuator/prometheus")) {
            assertRefused(response.statusCode(), response.body(), 401, "unauthorized");
            assertThat(response.body()).contains("admin-token");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
        }
    }

    @Test
    void aClientKeyOrAWrongTokenIsNotTheAdminToken() {
        TestServer.Key key = server.createKey("metrics-snoop", "service", "read:tables");
        assertRefused(get("/actuator/prometheus", "Authorization", "Bearer " + key.secret()).statusCode(),
                get("/actuator/prometheus", "Authorization", "Bearer " + key.secret()).body(), 401, "unauthorized");
        HttpResponse<String> wrong = get("/actuator/prometheus", "Authorization", bearer() + "x");
        assertRefused(wrong.statusCode(), wrong.body(), 401, "unauthorized");
        HttpResponse<String> keyHeader = get("/actuator/prometheus", "X-Client-Key", key.secret());
        assertRefused(keyHeader.statusCode(), keyHeader.body(), 401, "unauthorized");
    }

    @Test
    void theAdminTokenOpensMetricsWithoutPathsOfThisMachine() {
        HttpResponse<String> response = get("/actuator/prometheus", "Authorization", bearer());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes", "http_server_requests");
        assertThat(response.body()).as("the working directory")
                .doesNotContain(System.getProperty("user.dir"));
        assertThat(response.body()).as("the data directory")
                .doesNotContain(server.server().dataDir().toString());
    }

    @Test
    void aForeignOriginIsRefusedEvenWithTheToken() {
        HttpResponse<String> response = get("/actuator/prometheus", "Authorization", bearer(),
                "Origin", "http://evil.example");
        assertRefused(response.statusCode(), response.body(), 403, "origin_rejected");
        assertThat(response.body()).contains("evil.example", "mcp.allowed_origins");
    }

    @Test
    void aForeignHostIsRefusedEvenWithTheToken() throws IOException {
        String[] answer = server.rawGet("/actuator/prometheus", "evil.example", bearer());
        assertRefused(Integer.parseInt(answer[0]), answer[1], 421, "host_rejected");
        assertThat(answer[1]).contains("evil.example", "mcp.allowed_hosts");
        String[] loopback = server.rawGet("/actuator/prometheus", "localhost:" + server.server().port(), bearer());
        assertThat(loopback[0]).as(loopback[1]).isEqualTo("200");
    }

    @Test
    void healthStaysOpen() {
        HttpResponse<String> response = get("/mcp/health");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
