package io.fluxbase.mcp.cli;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.TestServer;
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
}
