package io.fluxbase.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each server owns its network event loops. Several servers run in one JVM in these tests (and could where the
 * server is embedded); stopping one must not close the connections of another.
 */
class ServersInOneJvmIntegrationTest {

    @Test
    void stoppingOneServerLeavesAnotherInTheSameJvmAnswering() {
        try (TestServer survivor = TestServer.start()) {
            survivor.applySql("CREATE TABLE public.notes (id int PRIMARY KEY, body text);"
                    + " INSERT INTO public.notes VALUES (1, 'still here');");
            McpSyncClient client = survivor.client(survivor.createKey("survivor", "service", "read:tables").secret());
            McpSchema.CallToolRequest query = new McpSchema.CallToolRequest("query_table",
                    Map.of("table", "notes", "filter", Map.of("id", "eq.1")));
            assertThat(client.callTool(query).isError()).isFalse();

            TestServer.start().close();

            McpSchema.CallToolResult after = client.callTool(query);
            assertThat(after.isError()).isFalse();
            assertThat(after.structuredContent().toString()).contains("still here");
            assertThat(survivor.count("SELECT count(*) FROM public.notes")).isEqualTo(1);
        }
    }
}
