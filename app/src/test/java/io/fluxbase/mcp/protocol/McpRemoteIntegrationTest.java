package io.fluxbase.mcp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.server.FluxbaseServer;
import io.fluxbase.mcp.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the server through {@code mcp-remote} 0.15.1 on the pinned Node 22, started exactly as the README's
 * Claude Desktop block configures it: {@code mcp-remote <mcp url> --transport http-only --header X-Client-Key:${KEY}}
 * with the key in the environment variable {@code KEY} (mcp-remote expands {@code ${KEY}} itself). The test plays
 * Claude Desktop's part: newline-delimited JSON-RPC on the proxy's stdin and stdout.
 */
class McpRemoteIntegrationTest {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration ANSWER = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    @TempDir
    static Path mcpRemoteConfig;

    private static @Nullable FluxbaseServer server;

    @BeforeAll
    static void startServer() {
        server = FluxbaseServer.start(new ServerOptions(dataDir, "127.0.0.1", 0, null, Map.of(), true));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void claudeDesktopConfigurationListsToolsAndResourcesAndReportsToolErrors() throws Exception {
        String key = createClientKey();
        try (StdioJsonRpc proxy = startProxy(key)) {
            JsonNode initialized = proxy.request(1, "initialize", initializeParams(), STARTUP);
            assertThat(initialized).as("initialize answer\n%s", proxy.transcript()).isNotNull();
            assertThat(initialized.has("result")).as("initialize succeeded\n%s", proxy.transcript()).isTrue();
            assertThat(initialized.path("result").path("serverInfo").isObject()).isTrue();
            proxy.notify("notifications/initialized", Map.of());

            JsonNode tools = proxy.request(2, "tools/list", Map.of(), ANSWER);
            assertThat(names(tools, "tools", "name")).as("tools/list\n%s", proxy.transcript())
                    .contains("query_table");

            JsonNode resources = proxy.request(3, "resources/list", Map.of(), ANSWER);
            assertThat(names(resources, "resources", "uri")).as("resources/list\n%s", proxy.transcript())
                    .contains("schema://tables");

            String table = "no_such_table_" + UUID.randomUUID().toString().substring(0, 8);
            JsonNode call = proxy.request(4, "tools/call",
                    Map.of("name", "query_table", "arguments", Map.of("table", table)), ANSWER);
            assertThat(call).as("tools/call answer\n%s", proxy.transcript()).isNotNull();
            JsonNode result = call.path("result");
            assertThat(result.path("isError").asBoolean(false))
                    .as("query_table on a missing table is a tool error, not a protocol error: %s", call)
                    .isTrue();
            assertThat(texts(result)).as("error text names the table: %s", call).contains(table);
        }
    }

    @Test
    void wrongKeyIsRefusedAndListsNoTools() throws Exception {
        try (StdioJsonRpc proxy = startProxy("fbk_wrong_" + UUID.randomUUID().toString().replace("-", ""))) {
            JsonNode initialized = proxy.request(1, "initialize", initializeParams(), STARTUP);
            JsonNode tools = null;
            if (initialized != null && initialized.has("result")) {
                proxy.notify("notifications/initialized", Map.of());
                tools = proxy.request(2, "tools/list", Map.of(), ANSWER);
            }
            assertThat(names(tools, "tools", "name")).as("tools seen with a wrong key\n%s", proxy.transcript())
                    .isEmpty();
            // mcp-remote meets the 401, takes it for an OAuth challenge, finds no authorization server and gives up.
            boolean answeredWithError = initialized != null && initialized.has("error")
                    || tools != null && tools.has("error");
            boolean exitedWithError = !answeredWithError && proxy.awaitExit(ANSWER) && proxy.exitValue() != 0;
            assertThat(answeredWithError || exitedWithError)
                    .as("the proxy refuses (error answer or non-zero exit) instead of getting through or hanging\n%s",
                            proxy.transcript())
                    .isTrue();
            String stderr = proxy.stderr().toLowerCase(Locale.ROOT);
            assertThat(stderr.contains("401") || stderr.contains("unauthorized") || stderr.contains("oauth"))
                    .as("mcp-remote reports an authentication problem\n%s", proxy.transcript())
                    .isTrue();
        }
    }

    private static StdioJsonRpc startProxy(String key) throws Exception {
        FluxbaseServer running = running();
        Path node = NodeTools.node22();
        Path proxy = NodeTools.script("mcp-remote", "dist/proxy.js");
        List<String> command = List.of(node.toString(), proxy.toString(), running.mcpUrl(),
                "--transport", "http-only", "--header", "X-Client-Key:${KEY}");
        // KEY is what the README's "env" block sets; the other two keep mcp-remote's OAuth cache and any browser
        // it might try to open (it never should with a client key) away from the developer's machine.
        return StdioJsonRpc.start(command, Map.of(
                "KEY", key,
                "MCP_REMOTE_CONFIG_DIR", mcpRemoteConfig.toString(),
                "BROWSER", "true"));
    }

    private static Map<String, Object> initializeParams() {
        return Map.of(
                "protocolVersion", "2025-06-18",
                "capabilities", Map.of(),
                "clientInfo", Map.of("name", "claude-ai", "version", "0.1.0"));
    }

    private static String createClientKey() throws Exception {
        FluxbaseServer running = running();
        String body = JSON.writeValueAsString(Map.of(
                "name", "claude-desktop",
                "type", "service",
                "scopes", List.of("read:tables", "read:schema")));
        HttpRequest request = HttpRequest.newBuilder(URI.create(running.baseUrl() + "/admin/v1/clientkeys"))
                .header("Authorization", "Bearer " + running.adminToken())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("POST /admin/v1/clientkeys: %s", response.body()).isEqualTo(201);
            String key = JSON.readTree(response.body()).path("key").asString("");
            assertThat(key).as("created key in %s", response.body()).isNotBlank();
            return key;
        }
    }

    private static FluxbaseServer running() {
        FluxbaseServer running = server;
        assertThat(running).as("server started").isNotNull();
        return running;
    }

    private static List<String> names(@Nullable JsonNode answer, String listField, String nameField) {
        List<String> names = new ArrayList<>();
        if (answer != null) {
            answer.path("result").path(listField).forEach(item -> names.add(item.path(nameField).asString("")));
        }
        return names;
    }

    private static String texts(JsonNode result) {
        StringBuilder text = new StringBuilder();
        result.path("content").forEach(item -> text.append(item.path("text").asString("")).append('\n'));
        return text.toString();
    }
}
