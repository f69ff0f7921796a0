package io.fluxbase.mcp.cli;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** fluxbase functions against a real server: a function deployed from a file, listed, redeployed and deleted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionsCliIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Run fluxbase(String... args) {
        return FluxbaseCommand.run(server, args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFunctionThroughItsWholeLife(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("index.js"), "export default async (req) => ({ hi: req.body });");
        Path schema = Files.writeString(dir.resolve("schema.json"), "{\"type\": \"object\", \"required\": [\"to\"]}");
        Map<String, Object> deployed = json(fluxbase("functions", "deploy", "greet", "--file", source.toString(),
                "--description", "Says hi", "--timeout", "500ms", "--input-schema", schema.toString(), "-o", "json"));
        assertThat(deployed).containsEntry("name", "greet").containsEntry("version", 1)
                .containsEntry("timeout_ms", 500).containsEntry("description", "Says hi");
        assertThat((Map<String, Object>) deployed.get("input_schema")).containsEntry("required", List.of("to"));

        assertThat(fluxbase("functions", "list").out()).contains("greet").contains("Says hi");
        assertThat(json(fluxbase("functions", "deploy", "greet", "--file", source.toString(), "-o", "json")))
                .containsEntry("version", 2);

        Path broken = Files.writeString(dir.resolve("broken.js"), "export default async () => {\n  return (;\n};");
        Run refused = fluxbase("functions", "deploy", "greet", "--file", broken.toString());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("line 2");
        assertThat(json(fluxbase("functions", "get", "greet", "-o", "json"))).containsEntry("version", 2);

        assertThat(json(fluxbase("functions", "delete", "greet", "-o", "json"))).containsEntry("deleted", true);
        Run gone = fluxbase("functions", "get", "greet");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err()).contains("no function named 'greet'");
    }

    @Test
    @SuppressWarnings("unchecked")
    void logsShowEachRunWithWhatTheFunctionLogged(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("index.js"), """
                export default async (req, ctx) => {
                  ctx.log('asked for', req.body.n);
                  if (req.body.n > 1) throw new RangeError('too many');
                  return { n: req.body.n };
                };""");
        fluxbase("functions", "deploy", "counter", "--file", source.toString());
        String key = server.createKey("caller", "service", "execute:functions").secret();
        for (int n = 1; n <= 2; n++) {
            server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/functions/v1/counter"))
                    .header("X-Client-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + n + "}")).build());
        }
        TestServer.await("both runs", () -> server.count("SELECT count(*) FROM fluxbase.function_executions"
                + " WHERE name = 'counter'") == 2);

        String table = fluxbase("functions", "logs", "counter").out();
        assertThat(table).contains("threw").contains("error: RangeError: too many").contains("log: asked for 2")
                .contains("log: asked for 1").contains("http");
        assertThat(table.indexOf("asked for 2")).as("newest first").isLessThan(table.indexOf("asked for 1"));

        List<Map<String, Object>> runs = (List<Map<String, Object>>) json(fluxbase("functions", "logs", "counter",
                "--limit", "1", "-o", "json")).get("executions");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0)).containsEntry("outcome", "threw").containsKey("call_id");

        assertThat(fluxbase("functions", "list").out()).contains("counter").contains("threw");
        Run unknown = fluxbase("functions", "logs", "nope");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("no function named 'nope'").contains("counter");
    }
}
