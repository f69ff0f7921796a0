package io.fluxbase.mcp.metrics;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.chain.ChainedLogs;
import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * /actuator/prometheus shows MCP calls as the OpenTelemetry MCP conventions name them (a duration histogram by method,
 * tool and outcome), open sessions, calls per key, and the audit path: records appended, the append's latency, how
 * far the audit log projection is behind, the chain's head and the last verification's result and time.
 */
class McpMetricsIntegrationTest {

    @Test
    void callsSessionsAndTheAuditPathAreMeasured() {
        try (TestServer server = TestServer.start()) {
            server.applySql("CREATE TABLE public.things (id int PRIMARY KEY)");
            TestServer.Key key = server.createKey("metered", "service", "read:tables");
            McpSyncClient client = server.client(key.secret());
            for (int i = 0; i < 3; i++) {
                ok(client.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "things"))));
            }
            refusal(client.callTool(new McpSchema.CallToolRequest("insert_record", Map.of("table", "things",
                    "data", Map.of("id", 1)))));
            for (int i = 0; i < 3; i++) { // made-up names take no label of their own, nor the place of a real tool's
                String madeUp = "made_up_tool_" + i;
                assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest(madeUp, Map.of())))
                        .hasMessageContaining("Unknown tool");
            }
            // nor do names in calls refused before the tool is looked up: no session, no key
            for (Map.Entry<String, Integer> refused : Map.of("X-Client-Key", 404, "X-Not-A-Key", 401).entrySet()) {
                HttpResponse<String> answer = server.send(HttpRequest.newBuilder(URI.create(server.mcpUrl()))
                        .header(refused.getKey(), key.secret())
                        .header("Mcp-Session-Id", "no-such-session")
                        .header("MCP-Protocol-Version", "2025-11-25")
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":"
                                + "\"tools/call\",\"params\":{\"name\":\"made_up_refused_" + refused.getValue()
                                + "\",\"arguments\":{}}}"))
                        .build());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(refused.getValue());
            }

            String metrics = scrape(server);
            assertThat(value(metrics, "mcp_server_operation_duration_seconds_count", "mcp_method_name=\"tools/call\"",
                    "gen_ai_tool_name=\"query_table\"", "outcome=\"ok\"")).hasValue(3.0);
            assertThat(value(metrics, "mcp_server_operation_duration_seconds_count",
                    "gen_ai_tool_name=\"insert_record\"", "outcome=\"denied\"")).hasValue(1.0);
            assertThat(metrics).doesNotContain("made_up_tool_").doesNotContain("made_up_refused_");
            assertThat(value(metrics, "mcp_server_operation_duration_seconds_count", "gen_ai_tool_name=\"other\"",
                    "outcome=\"invalid\"")).as("three unknown tools and the call without a session").hasValue(4.0);
            assertThat(value(metrics, "mcp_server_operation_duration_seconds_bucket",
                    "gen_ai_tool_name=\"query_table\"", "le=\"+Inf\"")).hasValue(3.0);
            assertThat(value(metrics, "mcp_server_operation_duration_seconds_count",
                    "mcp_method_name=\"initialize\"")).isPresent();
            assertThat(value(metrics, "mcp_server_sessions_active").orElseThrow()).isGreaterThanOrEqualTo(1.0);
            assertThat(value(metrics, "fluxbase_mcp_calls_total", "fluxbase_key_id=\"" + key.id() + "\"",
                    "outcome=\"ok\"").orElseThrow()).isGreaterThanOrEqualTo(3.0);
            assertThat(value(metrics, "fluxbase_audit_records_appended_total").orElseThrow())
                    .isGreaterThanOrEqualTo(5.0);
            assertThat(value(metrics, "fluxbase_audit_append_duration_seconds_count").orElseThrow()).isPositive();
            TestServer.await("the audit log projection to report no lag", () ->
                    value(scrape(server), "fluxbase_audit_projection_lag").orElse(-2) == 0.0);

            assertThat(value(metrics, "fluxbase_audit_verify_last_result")).hasValue(-1.0);
            assertThat(value(metrics, "fluxbase_audit_verify_last_timestamp_seconds")).hasValue(-1.0);
            ChainedLogs.awaitChained(server, 0);
            long head = server.count("SELECT max(position) FROM fluxbase.log_chain");
            TestServer.await("the chain position to show the chain's head", () ->
                    value(scrape(server), "fluxbase_audit_chain_position").orElse(-1) >= head);
            long before = Instant.now().getEpochSecond();
            assertThat(FluxbaseCommand.run(server, "logs", "verify").exit()).isZero();
            metrics = scrape(server);
            assertThat(value(metrics, "fluxbase_audit_verify_last_result")).hasValue(1.0);
            assertThat(value(metrics, "fluxbase_audit_verify_last_timestamp_seconds").orElseThrow())
                    .isBetween((double) before, (double) Instant.now().getEpochSecond() + 1);
        }
    }

    static String scrape(TestServer server) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + server.server().adminToken()).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The sample of {@code name} whose labels include every one of {@code labels}. */
    static OptionalDouble value(String metrics, String name, String... labels) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> {
                    for (String label : labels) {
                        if (!line.contains(label)) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }
}
