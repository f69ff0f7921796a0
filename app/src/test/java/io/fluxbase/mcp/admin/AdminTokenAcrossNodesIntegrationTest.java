package io.fluxbase.mcp.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A leaked admin token is replaced by starting one node with {@code FLUXBASE_ADMIN_TOKEN}: every other node on the
 * database refuses the old token within a second or two, and the dashboard sessions it opened there end.
 */
class AdminTokenAcrossNodesIntegrationTest {

    @Test
    void aTokenReplacedOnOneNodeIsRefusedByTheOthersAndItsDashboardSessionsEnd() throws InterruptedException {
        try (TestServer nodeA = TestServer.start(Map.of())) {
            String leaked = nodeA.server().adminToken();
            String[] browser = signIn(nodeA, leaked);
            assertThat(signedIn(nodeA, browser)).isTrue();
            assertThat(listKeys(nodeA, leaked).statusCode()).isEqualTo(200);

            String replacement = "fba_replaced_" + Long.toHexString(System.nanoTime());
            try (TestServer nodeB = TestServer.start(Map.of("FLUXBASE_DATABASE_URL",
                    nodeA.server().database().psqlUrl(), "FLUXBASE_ADMIN_TOKEN", replacement))) {
                // node A reads the stored token again each second; two of its reads later, and no polling, since
                // each wrong token counts against the address's allowance
                Thread.sleep(2_500);
                HttpResponse<String> old = listKeys(nodeA, leaked);
                assertThat(old.statusCode()).as(old.body()).isEqualTo(401);
                assertThat(listKeys(nodeA, replacement).statusCode()).isEqualTo(200);
                assertThat(listKeys(nodeB, leaked).statusCode()).isEqualTo(401);
                assertThat(listKeys(nodeB, replacement).statusCode()).isEqualTo(200);
                assertThat(signedIn(nodeA, browser)).as("the dashboard session the old token opened").isFalse();
            }
        }
    }

    private static HttpResponse<String> listKeys(TestServer node, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/admin/v1/clientkeys"))
                .header("Authorization", "Bearer " + token).build(), TestServer.freshClientAddress());
    }

    /** The session's cookie and CSRF token. */
    private static String[] signIn(TestServer node, String token) {
        HttpResponse<String> signedIn = node.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                        + "/dashboard/api/sign-in")).header("Origin", node.baseUrl())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")).build());
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        return new String[] {setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')),
                (String) TestServer.JSON.readValue(signedIn.body(), Map.class).get("csrf_token")};
    }

    private static boolean signedIn(TestServer node, String[] browser) {
        HttpResponse<String> session = node.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
                + "/dashboard/api/session")).header("Cookie", "fluxbase_dashboard=" + browser[0])
                .header("X-CSRF-Token", browser[1]).build());
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        return Boolean.TRUE.equals(TestServer.JSON.readValue(session.body(), Map.class).get("signed_in"));
    }
}
