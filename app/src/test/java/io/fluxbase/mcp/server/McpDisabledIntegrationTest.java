package io.fluxbase.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpDisabledIntegrationTest {

    @Test
    void mcpEnabledFalseTakesTheEndpointAwayButKeepsAdminAndHealth() {
        try (TestServer server = TestServer.start(Map.of("FLUXBASE_MCP_ENABLED", "false"))) {
            TestServer.Key key = server.createKey("unused", "anon", "read:tables");
            var response = server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                    Map.of("X-Client-Key", key.secret()));
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.mcpUrl() + "/health"))
                    .GET().build()).body()).contains("\"mcp_enabled\":false");
        }
    }
}
