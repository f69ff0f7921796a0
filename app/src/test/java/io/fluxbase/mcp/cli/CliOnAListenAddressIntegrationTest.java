package io.fluxbase.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server started with {@code --host} on an address other than the loopback names (127.0.0.2 here, which stays on
 * this machine): the CLI finds it at that address, and the server answers to it, while a Host of another name is
 * still refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliOnAListenAddressIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.startOn("127.0.0.2", Map.of());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theCliReachesTheServerAtTheAddressItListensOn() {
        assertThat(server.baseUrl()).startsWith("http://127.0.0.2:");
        assertThat(FluxbaseCommand.json(FluxbaseCommand.run(server, "clientkeys", "create", "--name", "remote",
                "--type", "service", "--scopes", "read:tables", "-o", "json"))).containsKey("key");
        FluxbaseCommand.Run listed = FluxbaseCommand.run(server, "clientkeys", "list", "-o", "json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("\"remote\"");
    }

    @Test
    void aHostOfAnotherNameIsStillRefused() throws Exception {
        String bearer = "Bearer " + server.server().adminToken();
        assertThat(server.rawGet("/admin/v1/clientkeys", "evil.example", bearer)[0]).isEqualTo("421");
        assertThat(server.rawGet("/admin/v1/clientkeys", "127.0.0.2:" + server.server().port(), bearer)[0])
                .isEqualTo("200");
    }
}
