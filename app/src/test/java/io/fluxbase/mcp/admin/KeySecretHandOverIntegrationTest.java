package io.fluxbase.mcp.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A key's secret is shown once, so once the key's event has committed the secret must reach the caller, even when
 * the key registry (a projection) is behind. The answer then says so, and the key works once the registry catches up.
 */
class KeySecretHandOverIntegrationTest {

    @Test
    void creationAndRotationHandOverTheSecretWhileTheRegistryLags() throws SQLException {
        try (TestServer server = TestServer.start()) {
            TestServer.Key first = server.createKey("before-lag", "service", "read:schema");
            Map<String, Object> created;
            Map<String, Object> rotated;
            // the registry can be read but not written: its projection waits, as under a long lag
            try (Connection lag = server.database(); Statement statement = lag.createStatement()) {
                lag.setAutoCommit(false);
                statement.execute("LOCK TABLE fluxbase.key_registry IN EXCLUSIVE MODE");
                created = server.admin("POST", "/admin/v1/clientkeys", Map.of("name", "during-lag", "type", "service",
                        "scopes", List.of("read:schema")), 201);
                rotated = server.admin("POST", "/admin/v1/clientkeys/" + first.id() + "/rotate", null, 200);
                lag.commit();
            }
            assertThat((String) created.get("key")).startsWith("fbk_");
            assertThat(created.get("warning").toString()).contains("has not caught up");
            assertThat(created).containsEntry("name", "during-lag").containsEntry("status", "active");
            assertThat((String) rotated.get("key")).startsWith("fbk_").isNotEqualTo(first.secret());
            assertThat(rotated.get("warning").toString()).contains("has not caught up");

            // the registry catches up: both secrets handed over work
            TestServer.await("the registry to catch up", () -> server.count(
                    "SELECT count(*) FROM fluxbase.key_registry WHERE name = 'during-lag'") == 1);
            McpSyncClient client = server.client((String) created.get("key"));
            assertThat(client.listResources().resources()).isNotNull();
            TestServer.await("the rotation to reach the registry", () -> server.count(
                    "SELECT count(*) FROM fluxbase.key_registry WHERE key_id = ? AND key_prefix = ?", first.id(),
                    rotated.get("prefix")) == 1);
            assertThat(server.client((String) rotated.get("key")).listResources().resources()).isNotNull();
        }
    }
}
