package io.fluxbase.mcp.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Behind a reverse proxy named in mcp.trusted_proxies, each client is known by the address the proxy forwards: its
 * own allowance of failed authentications and its own address in the records. Nobody else can choose an address by
 * sending the header, and a client cannot choose one through the proxy either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedProxyIntegrationTest {

    static final int LIMIT = 3;
    static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";

    final InetAddress proxy = TestServer.freshClientAddress();
    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_MCP_TRUSTED_PROXIES", proxy.getHostAddress() + ", 10.0.0.0/8",
                "FLUXBASE_MCP_AUTH_FAILURES_PER_MIN", String.valueOf(LIMIT)));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    long recordsFrom(String address) {
        return server.count("SELECT count(*) FROM fluxbase.audit_log WHERE ip = ?", address);
    }

    int wrongKeyThroughTheProxy(String forwardedFor) {
        return server.post(TOOLS_LIST, Map.of("X-Client-Key", "fbk_guess", "X-Forwarded-For", forwardedFor), proxy)
                .statusCode();
    }

    @Test
    void eachClientBehindTheProxyHasItsOwnAllowanceOfFailedAuthentications() {
        TestServer.startOfAMinute();
        List<Integer> guesser = new ArrayList<>();
        for (int i = 0; i <= LIMIT; i++) {
            guesser.add(wrongKeyThroughTheProxy("203.0.113.7"));
        }
        assertThat(guesser).containsExactly(401, 401, 401, 429);
        // another client of the same proxy is not shut out by the first one's guesses
        assertThat(wrongKeyThroughTheProxy("198.51.100.9")).isEqualTo(401);
        TestServer.await("the guesser's record", () -> recordsFrom("203.0.113.7") > 0);
        TestServer.await("the other client's record", () -> recordsFrom("198.51.100.9") > 0);
        assertThat(recordsFrom(proxy.getHostAddress())).isZero();
    }

    @Test
    void aKeysCallsThroughTheProxyAreRecordedWithTheClientsAddress() {
        TestServer.Key key = server.createKey("behind-proxy", "service", "read:tables");
        McpSyncClient client = server.unstartedClient(Map.of("X-Client-Key", key.secret(),
                "X-Forwarded-For", "192.0.2.44, 10.3.3.3"), proxy);
        client.initialize();
        assertThat(client.listTools().tools()).isNotEmpty();
        client.closeGracefully();
        TestServer.await("the calls' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE ip = '192.0.2.44' AND method = 'tools/list'") == 1);
        // every call of the key (its creation by the operator is an admin record of its own)
        assertThat(server.rows("SELECT method, ip FROM fluxbase.audit_log WHERE key_name = 'behind-proxy'"
                + " AND category <> 'admin'")).isNotEmpty().allSatisfy(row -> assertThat(row)
                        .containsEntry("ip", "192.0.2.44"));
    }

    @Test
    void aClientCannotChooseItsAddressThroughTheProxy() {
        // the proxy appends the address it was reached from; what the client wrote stays on the left
        assertThat(wrongKeyThroughTheProxy("192.0.2.200, 203.0.113.70")).isEqualTo(401);
        TestServer.await("the client's record", () -> recordsFrom("203.0.113.70") > 0);
        assertThat(recordsFrom("192.0.2.200")).isZero();
    }

    @Test
    void anyoneElseIsKnownByTheirConnectionWhateverTheySend() {
        InetAddress direct = TestServer.freshClientAddress();
        assertThat(server.post(TOOLS_LIST, Map.of("X-Client-Key", "fbk_guess", "X-Forwarded-For", "192.0.2.201"),
                direct).statusCode()).isEqualTo(401);
        TestServer.await("the direct client's record", () -> recordsFrom(direct.getHostAddress()) > 0);
        assertThat(recordsFrom("192.0.2.201")).isZero();
    }

    @Test
    void aWrongAdminTokenThroughTheProxyIsRecordedWithTheClientsAddress() {
        int status = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/v1/clientkeys"))
                .header("Authorization", "Bearer guess").header("X-Forwarded-For", "203.0.113.99")
                .timeout(Duration.ofSeconds(10)).GET().build(), proxy).statusCode();
        assertThat(status).isEqualTo(401);
        TestServer.await("the sign-in record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE ip = '203.0.113.99' AND method = 'admin.sign_in'") == 1);
    }
}
