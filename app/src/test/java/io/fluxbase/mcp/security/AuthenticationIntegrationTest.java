package io.fluxbase.mcp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may talk to the MCP endpoint and the admin API: every way a key can be missing, wrong, revoked, rotated or
 * expired is refused with one generic answer, while the audit log keeps the real reason. Each MCP request comes from
 * a loopback address of its own: failed authentications are counted per address and minute, and only the first of
 * an address's minute is recorded by itself (AuthFailureThrottleIntegrationTest covers the rest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationIntegrationTest {

    static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";
    static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"auth-test","version":"1"}}}""";
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    TestServer server;
    TestServer.Key good;

    @BeforeAll
    void start() {
        server = TestServer.start();
        good = server.createKey("good", "anon", "read:tables", "read:schema");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ---- helpers ----

    /** A fresh, well-formed but never-issued key. */
    static String forgedKey() {
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder("fbk_");
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    /** The same key with its last character changed. */
    static String almostRight(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    /** A unique User-Agent so the audit record of exactly this request can be found. */
    static String tag() {
        return "auth-test-" + UUID.randomUUID();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) {
        return TestServer.JSON.readValue(response.body(), Map.class);
    }

    @SuppressWarnings("unchecked")
    static String errorMessage(HttpResponse<String> response) {
        return (String) ((Map<String, Object>) json(response).get("error")).get("message");
    }

    /** A POST from a client address of its own. */
    HttpResponse<String> post(String body, Map<String, String> headers) {
        return server.post(body, headers, TestServer.freshClientAddress());
    }

    HttpResponse<String> toolsList(Map<String, String> headers) {
        return post(TOOLS_LIST, headers);
    }

    /** The answer a request without any key gets; every other authentication failure must look exactly like it. */
    HttpResponse<String> missingKeyAnswer() {
        return toolsList(Map.of("User-Agent", tag()));
    }

    /** Asserts the generic 401: status, WWW-Authenticate, a readable JSON-RPC error, nothing internal. */
    @SuppressWarnings("unchecked")
    static void assertGenericUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as("WWW-Authenticate")
                .hasValueSatisfying(value -> assertThat(value).startsWithIgnoringCase("Bearer"));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("jsonrpc", "2.0").containsKey("error");
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertThat(error.get("code")).isInstanceOf(Integer.class);
        assertThat((String) error.get("message")).isNotBlank().containsIgnoringCase("client key");
        assertThat(response.body()).doesNotContain("at io.", "\tat ", "Exception", "java.", "org.springframework",
                "reactor.");
    }

    /** The audit rows left by requests that carried {@code userAgent}, read as the database owner. */
    List<Map<String, Object>> auditRows(String userAgent) {
        try (Connection connection = server.database(); var statement = connection.prepareStatement("""
                SELECT category, outcome, error_code, key_id, method, message FROM fluxbase.audit_log
                WHERE user_agent = ? ORDER BY global_index""")) {
            statement.setString(1, userAgent);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String column : List.of("category", "outcome", "error_code", "key_id", "method", "message")) {
                        row.put(column, result.getString(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the one audit record of the request tagged {@code userAgent} and returns it. */
    Map<String, Object> auditRecord(String userAgent) {
        TestServer.await("the audit record of " + userAgent, () -> !auditRows(userAgent).isEmpty());
        List<Map<String, Object>> rows = auditRows(userAgent);
        assertThat(rows).as("audit records of one request").hasSize(1);
        return rows.get(0);
    }

    static void assertDenied(Map<String, Object> record, String errorCode) {
        assertThat(record).containsEntry("category", "auth").containsEntry("outcome", "denied")
                .containsEntry("error_code", errorCode);
    }

    McpSyncClient sdkClient(Map<String, String> headers) {
        return server.unstartedClient(headers, TestServer.freshClientAddress());
    }

    HttpResponse<String> adminWithout(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"type\":\"anon\",\"scopes\":[\"read:tables\"]}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request.build());
    }

    @SuppressWarnings("unchecked")
    static void assertAdminError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> error = (Map<String, Object>) json(response).get("error");
        assertThat(error).as(response.body()).isNotNull().containsEntry("code", code);
        assertThat((String) error.get("message")).isNotBlank();
        assertThat(response.body()).doesNotContain("at io.", "\tat ", "Exception");
    }

    // ---- tests ----

    @Nested
    class MissingOrWrongKey {

        @Test
        void missingKeyIsA401WithWwwAuthenticateAndAReadableJsonRpcError() {
            String agent = tag();
            HttpResponse<String> response = toolsList(Map.of("User-Agent", agent));
            assertGenericUnauthorized(response);
            assertThat(errorMessage(response)).contains("X-Client-Key");
            Map<String, Object> record = auditRecord(agent);
            assertDenied(record, "missing_key");
            assertThat(record.get("key_id")).isNull();
        }

        @Test
        void blankKeyHeaderCountsAsMissing() {
            String agent = tag();
            HttpResponse<String> response = toolsList(Map.of("User-Agent", agent, "X-Client-Key", "   "));
            assertGenericUnauthorized(response);
            assertThat(errorMessage(response)).isEqualTo(errorMessage(missingKeyAnswer()));
            assertDenied(auditRecord(agent), "missing_key");
        }

        @Test
        void forgedWellFormedKeyGetsTheSameAnswerAsAMissingOne() {
            String agent = tag();
            HttpResponse<String> response = toolsList(Map.of("User-Agent", agent, "X-Client-Key", forgedKey()));
            assertGenericUnauthorized(response);
            assertThat(errorMessage(response)).isEqualTo(errorMessage(missingKeyAnswer()));
            Map<String, Object> record = auditRecord(agent);
            assertDenied(record, "unknown_key");
            assertThat(record.get("key_id")).isNull();
        }

        @Test
        void keyWithOneCharacterChangedGetsTheSameAnswerAsAMissingOne() {
            String agent = tag();
            HttpResponse<String> response = toolsList(Map.of("User-Agent", agent,
                    "X-Client-Key", almostRight(good.secret())));
            assertGenericUnauthorized(response);
            assertThat(errorMessage(response)).isEqualTo(errorMessage(missingKeyAnswer()));
            assertThat(response.body()).doesNotContain(good.id());
            assertDenied(auditRecord(agent), "unknown_key");
        }

        @Test
        void initializeWithAWrongKeyIsRefusedWithoutASession() {
            String agent = tag();
            HttpResponse<String> response = post(INITIALIZE, Map.of("User-Agent", agent,
                    "X-Client-Key", forgedKey()));
            assertGenericUnauthorized(response);
            assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertDenied(auditRecord(agent), "unknown_key");
        }

        @Test
        void wrongBearerTokenIsRefusedLikeAWrongKeyHeader() {
            String agent = tag();
            HttpResponse<String> response = toolsList(Map.of("User-Agent", agent,
                    "Authorization", "Bearer " + forgedKey()));
            assertGenericUnauthorized(response);
            assertThat(errorMessage(response)).isEqualTo(errorMessage(missingKeyAnswer()));
            assertDenied(auditRecord(agent), "unknown_key");
        }

        @Test
        void sdkClientWithoutAKeyCannotInitialize() {
            String agent = tag();
            McpSyncClient client = sdkClient(Map.of("User-Agent", agent));
            assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
            assertDenied(auditRecord(agent), "missing_key");
        }

        @Test
        void sdkClientWithAForgedKeyCannotInitialize() {
            String agent = tag();
            McpSyncClient client = sdkClient(Map.of("User-Agent", agent, "X-Client-Key", forgedKey()));
            assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
            assertDenied(auditRecord(agent), "unknown_key");
        }
    }

    @Nested
    class BearerKeys {

        @Test
        void rawSessionWorksWithAuthorizationBearerAlone() {
            HttpResponse<String> init = post(INITIALIZE, Map.of("Authorization", "Bearer " + good.secret()));
            assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    Map.of("Authorization", "Bearer " + good.secret(), "Mcp-Session-Id", session));
            HttpResponse<String> list = toolsList(Map.of("Authorization", "Bearer " + good.secret(),
                    "Mcp-Session-Id", session));
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            assertThat(list.body()).contains("query_table");
        }

        @Test
        void bearerSchemeIsCaseInsensitive() {
            HttpResponse<String> init = post(INITIALIZE, Map.of("Authorization", "bearer " + good.secret()));
            assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        }

        @Test
        void sessionOpenedWithTheHeaderContinuesWithBearer() {
            String session = server.initialize(good.secret());
            HttpResponse<String> list = toolsList(Map.of("Authorization", "Bearer " + good.secret(),
                    "Mcp-Session-Id", session));
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        }

        @Test
        void sdkClientWorksWithAuthorizationBearer() {
            McpSyncClient client = sdkClient(Map.of("Authorization", "Bearer " + good.secret()));
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("query_table");
        }

        @Test
        void aSessionCannotBeUsedWithAnotherKey() {
            TestServer.Key other = server.createKey("other", "anon", "read:tables", "read:schema");
            String session = server.initialize(good.secret());
            HttpResponse<String> borrowed = toolsList(Map.of("X-Client-Key", other.secret(),
                    "Mcp-Session-Id", session));
            assertThat(borrowed.statusCode()).as(borrowed.body()).isEqualTo(404);
            assertThat(borrowed.body()).doesNotContain("query_table");
            assertThat(toolsList(Map.of("X-Client-Key", good.secret(), "Mcp-Session-Id", session)).statusCode())
                    .isEqualTo(200);
        }

        @Test
        void basicAuthorizationIsNotAKey() {
            String agent = tag();
            HttpResponse<String> response = toolsList(Map.of("User-Agent", agent,
                    "Authorization", "Basic " + good.secret()));
            assertGenericUnauthorized(response);
            assertDenied(auditRecord(agent), "missing_key");
        }
    }

    @Nested
    class Revocation {

        static final String READ_VAULT = """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"query_table",
                 "arguments":{"table":"vault"}}}""";

        /** A key that has just been admitted (so its next read may start beside its own admission), then revoked. */
        Map<String, String> revokedRightAfterARead(String name) {
            server.applySql("""
                    CREATE TABLE IF NOT EXISTS public.vault (id int PRIMARY KEY, secret text NOT NULL);
                    INSERT INTO public.vault VALUES (1, 'crown-jewels') ON CONFLICT DO NOTHING;
                    """);
            TestServer.Key key = server.createKey(name, "service", "read:tables", "write:tables");
            String session = server.initialize(key.secret());
            Map<String, String> headers = Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session);
            HttpResponse<String> before = post(READ_VAULT.formatted(2), headers);
            assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
            assertThat(before.body()).contains("crown-jewels");
            server.admin("POST", "/admin/v1/clientkeys/" + key.id() + "/revoke", null, 200);
            return headers;
        }

        @Test
        void aReadStartedBesideItsAdmissionShowsNothingOnceTheKeyIsRevoked() {
            Map<String, String> headers = new HashMap<>(revokedRightAfterARead("early-read"));
            String agent = tag();
            headers.put("User-Agent", agent);

            HttpResponse<String> after = post(READ_VAULT.formatted(3), headers);

            assertGenericUnauthorized(after);
            assertThat(after.body()).doesNotContain("crown-jewels", "vault", "result");
            assertDenied(auditRecord(agent), "key_revoked");
            assertThat(server.count("SELECT rows FROM fluxbase.audit_log WHERE user_agent = ?", agent))
                    .as("rows reported for the refused read").isZero();
        }

        @Test
        void aRevokedKeyNamingASessionNotItsOwnIsToldItIsUnauthorizedNotThatTheSessionIsUnknown() {
            String agent = tag();
            String othersSession = server.initialize(server.createKey("other-" + agent, "service", "read:tables")
                    .secret());
            Map<String, String> headers = new HashMap<>(revokedRightAfterARead("early-foreign-session"));
            headers.put("User-Agent", agent);
            headers.put("Mcp-Session-Id", othersSession);

            HttpResponse<String> after = post(READ_VAULT.formatted(3), headers);

            assertGenericUnauthorized(after);
            assertDenied(auditRecord(agent), "key_revoked");
        }

        @Test
        void aWriteNeverStartsBeforeItsAdmission() {
            Map<String, String> headers = revokedRightAfterARead("early-write");

            HttpResponse<String> insert = post("""
                    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"insert_record",
                     "arguments":{"table":"vault","data":{"id":77,"secret":"planted"}}}}""", headers);

            assertGenericUnauthorized(insert);
            assertThat(server.count("SELECT count(*) FROM public.vault WHERE id = 77")).isZero();
        }

        @Test
        void revokedKeyIsRefusedOnTheVeryNextRequest() {
            TestServer.Key key = server.createKey("to-revoke", "anon", "read:tables");
            String session = server.initialize(key.secret());
            assertThat(toolsList(Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session)).statusCode())
                    .isEqualTo(200);

            Map<String, Object> revoked = server.admin("POST", "/admin/v1/clientkeys/" + key.id() + "/revoke",
                    null, 200);
            assertThat(revoked).containsEntry("status", "revoked");

            String agent = tag();
            HttpResponse<String> onSession = toolsList(Map.of("User-Agent", agent, "X-Client-Key", key.secret(),
                    "Mcp-Session-Id", session));
            assertGenericUnauthorized(onSession);
            assertThat(errorMessage(onSession)).isEqualTo(errorMessage(missingKeyAnswer()));
            assertThat(onSession.body()).doesNotContain("revoked", key.id(), "to-revoke");
            Map<String, Object> record = auditRecord(agent);
            assertDenied(record, "key_revoked");
            assertThat(record).containsEntry("key_id", key.id());

            HttpResponse<String> fresh = post(INITIALIZE, Map.of("X-Client-Key", key.secret()));
            assertGenericUnauthorized(fresh);
        }

        @Test
        @SuppressWarnings("unchecked")
        void revokedKeyIsRefusedToAnInitializedSdkClientAndTheLogsApiShowsWhy() {
            TestServer.Key key = server.createKey("sdk-revoke", "anon", "read:tables");
            McpSyncClient client = sdkClient(Map.of("X-Client-Key", key.secret()));
            client.initialize();
            assertThat(client.listTools().tools()).isNotEmpty();

            server.admin("POST", "/admin/v1/clientkeys/" + key.id() + "/revoke", null, 200);

            assertThatThrownBy(client::listTools).isInstanceOf(RuntimeException.class);
            TestServer.await("a key_revoked record in the logs API", () -> ((List<Map<String, Object>>) server.admin(
                    "GET", "/admin/v1/logs?category=auth&status=denied&key=" + key.id(), null, 200).get("records"))
                    .stream().anyMatch(r -> "key_revoked".equals(r.get("error_code"))));
            List<Map<String, Object>> records = (List<Map<String, Object>>) server.admin("GET",
                    "/admin/v1/logs?category=auth&status=denied&key=" + key.id(), null, 200).get("records");
            assertThat(records).allSatisfy(r -> assertThat(r).containsEntry("category", "auth")
                    .containsEntry("outcome", "denied").containsEntry("error_code", "key_revoked")
                    .containsEntry("key_id", key.id()));
            assertThat(server.admin("GET", "/admin/v1/clientkeys/" + key.id(), null, 200))
                    .containsEntry("status", "revoked");
        }

        @Test
        void revokingAnUnknownKeyIsA404() {
            assertAdminError(server.adminRaw("POST", "/admin/v1/clientkeys/ck_nope/revoke", null), 404, "not_found");
        }
    }

    @Nested
    class Rotation {

        @Test
        void rotatedKeyRefusesTheOldSecretAndAcceptsTheNewOne() {
            TestServer.Key key = server.createKey("to-rotate", "anon", "read:tables");
            server.initialize(key.secret());

            Map<String, Object> rotated = server.admin("POST", "/admin/v1/clientkeys/" + key.id() + "/rotate",
                    null, 200);
            String newSecret = (String) rotated.get("key");
            assertThat(newSecret).startsWith("fbk_").isNotEqualTo(key.secret());
            assertThat(rotated).containsEntry("id", key.id()).containsEntry("status", "active");

            String agent = tag();
            HttpResponse<String> old = post(INITIALIZE, Map.of("User-Agent", agent,
                    "X-Client-Key", key.secret()));
            assertGenericUnauthorized(old);
            assertThat(errorMessage(old)).isEqualTo(errorMessage(missingKeyAnswer()));
            assertDenied(auditRecord(agent), "unknown_key");

            String session = server.initialize(newSecret);
            HttpResponse<String> list = toolsList(Map.of("X-Client-Key", newSecret, "Mcp-Session-Id", session));
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            assertThat(server.client(newSecret).listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("query_table");
        }
    }

    @Nested
    class Expiry {

        @Test
        void expiredKeyIsRefusedAndShownAsExpired() throws InterruptedException {
            TestServer.Key key = server.createKey(Map.of("name", "short-lived", "type", "anon",
                    "scopes", List.of("read:tables"), "expires", "6s"));
            long expiresAt = System.nanoTime() + java.time.Duration.ofSeconds(6).toNanos();
            String session = server.initialize(key.secret());
            assertThat(toolsList(Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session)).statusCode())
                    .isEqualTo(200);

            // wait until the expiry has passed, however long the calls above took on a busy machine
            Thread.sleep(Math.max(0, (expiresAt - System.nanoTime()) / 1_000_000) + 1_000);

            String agent = tag();
            HttpResponse<String> onSession = toolsList(Map.of("User-Agent", agent, "X-Client-Key", key.secret(),
                    "Mcp-Session-Id", session));
            assertGenericUnauthorized(onSession);
            assertThat(errorMessage(onSession)).isEqualTo(errorMessage(missingKeyAnswer()));
            assertThat(onSession.body()).doesNotContain("expired", key.id(), "short-lived");
            Map<String, Object> record = auditRecord(agent);
            assertDenied(record, "key_expired");
            assertThat(record).containsEntry("key_id", key.id());

            assertGenericUnauthorized(post(INITIALIZE, Map.of("X-Client-Key", key.secret())));

            TestServer.await("the key to show as expired", () -> "expired".equals(
                    server.admin("GET", "/admin/v1/clientkeys/" + key.id(), null, 200).get("status")));
            TestServer.await("the key registry to store the expiry", () -> server.count(
                    "SELECT count(*) FROM fluxbase.key_registry WHERE key_id = ? AND status = 'expired'",
                    key.id()) == 1);
        }

        @Test
        void expiryInThePastIsRefusedAtCreation() {
            HttpResponse<String> response = server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "past",
                    "type", "anon", "scopes", List.of("read:tables"), "expires", "2020-01-01T00:00:00Z"));
            assertAdminError(response, 400, "invalid_argument");
            assertThat(errorMessage(response)).contains("expires");
        }
    }

    @Nested
    class AdminApi {

        @Test
        void missingAdminTokenIsA401JsonError() {
            assertAdminError(adminWithout("GET", "/admin/v1/clientkeys", null), 401, "unauthorized");
            assertAdminError(adminWithout("POST", "/admin/v1/clientkeys", null), 401, "unauthorized");
        }

        @Test
        void wrongAdminTokenIsA401JsonError() {
            assertAdminError(adminWithout("GET", "/admin/v1/clientkeys", "Bearer wrong-token"), 401, "unauthorized");
            assertAdminError(adminWithout("GET", "/admin/v1/logs?category=auth", "Bearer " + server.server()
                    .adminToken() + "x"), 401, "unauthorized");
            assertAdminError(adminWithout("POST", "/admin/v1/db/apply", "Basic " + server.server().adminToken()),
                    401, "unauthorized");
        }

        @Test
        void aClientKeyIsNotAnAdminToken() {
            assertAdminError(adminWithout("GET", "/admin/v1/clientkeys", "Bearer " + good.secret()), 401,
                    "unauthorized");
            assertAdminError(adminWithout("POST", "/admin/v1/clientkeys", "Bearer " + good.secret()), 401,
                    "unauthorized");
        }

        @Test
        void refusedAdminCallCreatesNoKey() {
            long before = server.count("SELECT count(*) FROM fluxbase.key_registry");
            adminWithout("POST", "/admin/v1/clientkeys", "Bearer nope");
            assertThat(server.count("SELECT count(*) FROM fluxbase.key_registry")).isEqualTo(before);
        }

        @Test
        void unknownScopeIsA400ListingTheValidScopes() {
            HttpResponse<String> response = server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "x",
                    "type", "anon", "scopes", List.of("read:tables", "read:everything")));
            assertAdminError(response, 400, "invalid_argument");
            assertThat(errorMessage(response)).contains("read:everything").contains("read:tables", "write:tables",
                    "execute:functions", "execute:rpc", "read:storage", "write:storage", "execute:jobs",
                    "read:vectors", "read:schema", "read:audit");
        }

        @Test
        void missingOrEmptyScopesIsA400ListingTheValidScopes() {
            HttpResponse<String> none = server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "x",
                    "type", "anon"));
            assertAdminError(none, 400, "invalid_argument");
            assertThat(errorMessage(none)).contains("read:tables", "read:schema");
            HttpResponse<String> empty = server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "x",
                    "type", "anon", "scopes", List.of()));
            assertAdminError(empty, 400, "invalid_argument");
            assertThat(errorMessage(empty)).contains("read:tables", "read:schema");
        }

        @Test
        void unknownTypeIsA400ListingTheValidTypes() {
            HttpResponse<String> response = server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "x",
                    "type", "superuser", "scopes", List.of("read:tables")));
            assertAdminError(response, 400, "invalid_argument");
            assertThat(errorMessage(response)).contains("superuser").contains("anon", "service");
        }

        @Test
        void userIdOnAServiceKeyIsA400() {
            HttpResponse<String> response = server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "x",
                    "type", "service", "scopes", List.of("read:tables"),
                    "user_id", "11111111-1111-1111-1111-111111111111"));
            assertAdminError(response, 400, "invalid_argument");
            assertThat(errorMessage(response)).contains("user_id");
        }

        @Test
        void rejectedCreationsStoreNoKey() {
            long before = server.count("SELECT count(*) FROM fluxbase.key_registry");
            server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "x", "type", "anon",
                    "scopes", List.of("nope")));
            server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "x", "type", "root",
                    "scopes", List.of("read:tables")));
            server.adminRaw("POST", "/admin/v1/clientkeys", Map.of("name", "x", "type", "service",
                    "scopes", List.of("read:tables"), "user_id", "11111111-1111-1111-1111-111111111111"));
            assertThat(server.count("SELECT count(*) FROM fluxbase.key_registry")).isEqualTo(before);
        }

        @Test
        void createdKeyIsShownOnceAndNeverStoredInPlaintext() {
            TestServer.Key key = server.createKey("plaintext-check", "anon", "read:tables");
            Map<String, Object> shown = server.admin("GET", "/admin/v1/clientkeys/" + key.id(), null, 200);
            assertThat(shown).doesNotContainKey("key");
            assertThat(TestServer.JSON.writeValueAsString(shown)).doesNotContain(key.secret());
            assertThat(server.count("SELECT count(*) FROM fluxbase.key_registry WHERE key_hash = ? OR key_prefix = ?",
                    key.secret(), key.secret())).isZero();
        }
    }
}
