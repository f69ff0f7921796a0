package io.fluxbase.mcp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the audit log keeps of a call's arguments and error message: in {@code redacted} mode the arguments with
 * every secret-like name masked, at any depth; in {@code digest} mode no argument values at all; in both, no value
 * PostgreSQL quotes back in an error message. Checked in the stored record itself (the command log's event and the
 * audit_log row, every column) as well as through the admin logs API.
 */
class AuditRedactionIntegrationTest {

    /** Every secret the calls below send, none of which may be stored. */
    static final List<String> SECRETS = List.of("hunter2-insert", "hunter2-array", "deep-token-1", "rpc-secret-1",
            "filter-secret-1", "bearer-secret-1", "lots-of-secret");

    static final String SCHEMA = """
            CREATE TABLE public.accounts (id int PRIMARY KEY, name text, email text UNIQUE, user_password text,
                                          profile jsonb);
            CREATE FUNCTION public.login(user_name text, password text, options jsonb DEFAULT '{}')
                RETURNS boolean LANGUAGE sql AS 'SELECT password = ''right''';
            """;

    static McpSyncClient clientWithEveryScope(TestServer server, String keyName) {
        return server.client(server.createKey(keyName, "service", "read:tables", "write:tables", "execute:rpc")
                .secret());
    }

    /** The calls, each carrying secrets where a caller might put them. */
    static void callsCarryingSecrets(McpSyncClient client) {
        call(client, "insert_record", Map.of("table", "accounts", "data", Map.of("id", 1, "name", "ann",
                "user_password", "hunter2-insert", "profile", Map.of("theme", "dark",
                        "sessions", List.of(Map.of("token", "deep-token-1", "note", "kept-note"))))));
        call(client, "insert_record", Map.of("table", "accounts", "data", List.of(
                Map.of("id", 2, "name", "bob", "user_password", "hunter2-array"))));
        call(client, "invoke_rpc", Map.of("name", "login", "params", Map.of("user_name", "ann",
                "password", "rpc-secret-1", "options", Map.of("headers", Map.of("Authorization", "bearer-secret-1")))));
        call(client, "query_table", Map.of("table", "accounts",
                "filter", Map.of("user_password", "eq.filter-secret-1", "name", "eq.ann")));
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    /** Secrets found anywhere in the key's stored records: audit_log rows as text, and the command log's events. */
    static long storedSecrets(TestServer server, String keyId, String secret) {
        return server.count("SELECT count(*) FROM fluxbase.audit_log a WHERE key_id = ? AND a::text LIKE ?", keyId,
                "%" + secret + "%")
                + server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                        + " '%CallRecordedEvent' AND convert_from(payload, 'UTF8') LIKE ? AND convert_from(payload,"
                        + " 'UTF8') LIKE ?", "%" + keyId + "%", "%" + secret + "%");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> logs(TestServer server, String keyId) {
        return (List<Map<String, Object>>) server.admin("GET", "/admin/v1/logs?category=mcp&since=30m&key=" + keyId,
                null, 200).get("records");
    }

    static String keyIdOf(TestServer server, String keyName) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) server.admin("GET", "/admin/v1/clientkeys",
                null, 200).get("keys");
        return keys.stream().filter(key -> keyName.equals(key.get("name"))).map(key -> (String) key.get("id"))
                .findFirst().orElseThrow();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Redacted {

        TestServer server;
        String keyId;

        @BeforeAll
        void start() {
            server = TestServer.start(Map.of("FLUXBASE_AUDIT_ARGUMENTS", "redacted"));
            server.applySql(SCHEMA);
            McpSyncClient client = clientWithEveryScope(server, "redacted-caller");
            keyId = keyIdOf(server, "redacted-caller");
            callsCarryingSecrets(client);
            assertThat(call(client, "query_table", Map.of("table", "accounts", "filter",
                    Map.of("id", "eq.lots-of-secret"))).isError()).isTrue();
            TestServer.await("the calls' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE key_id = ? AND method = 'tools/call'", keyId) == 5);
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @Test
        void secretsAreMaskedWhereverTheyAreAndEverythingElseIsKept() {
            List<String> arguments = logs(server, keyId).stream().map(record -> (String) record.get("arguments"))
                    .filter(text -> text != null).toList();
            assertThat(arguments).hasSize(5);
            assertThat(String.join("\n", arguments))
                    .contains("\"user_password\":\"[redacted]\"", "\"token\":\"[redacted]\"",
                            "\"password\":\"[redacted]\"", "\"Authorization\":\"[redacted]\"")
                    .contains("\"name\":\"ann\"", "\"name\":\"bob\"", "kept-note", "dark", "eq.ann")
                    .doesNotContain("hunter2-insert", "hunter2-array", "deep-token-1", "rpc-secret-1",
                            "filter-secret-1", "bearer-secret-1");
            for (String secret : SECRETS.subList(0, 6)) {
                assertThat(storedSecrets(server, keyId, secret)).as(secret).isZero();
            }
        }

        @Test
        void errorMessagesKeepTheErrorAndTheTypeButNotTheValue() {
            Map<String, Object> refused = logs(server, keyId).stream()
                    .filter(record -> "error".equals(record.get("outcome"))).findFirst().orElseThrow();
            assertThat(refused).containsEntry("error_code", "invalid_value");
            assertThat((String) refused.get("message")).contains("invalid input syntax for type integer: \"…\"")
                    .doesNotContain("lots-of-secret");
            // the value is an argument, not a secret name, so redacted mode keeps it there
            assertThat((String) refused.get("arguments")).contains("eq.lots-of-secret");
            assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND message LIKE ?",
                    keyId, "%lots-of-secret%")).isZero();
        }

        /**
         * The write path finishes its own records on the command side (CallerWrites, being rewritten beside this
         * work); its messages keep PostgreSQL's quoted values until it passes them through
         * ArgumentAudit.recordedMessage as the edge does.
         */
        @Test
        void writeRefusalsKeepTheConstraintButNotTheValue() {
            McpSyncClient client = clientWithEveryScope(server, "duplicate-writer");
            String writer = keyIdOf(server, "duplicate-writer");
            Map<String, Object> row = Map.of("id", 10, "email", "unique-secret@example.com");
            assertThat(call(client, "insert_record", Map.of("table", "accounts", "data", row)).isError()).isFalse();
            assertThat(call(client, "insert_record", Map.of("table", "accounts", "data", Map.of("id", 11,
                    "email", "unique-secret@example.com"))).isError()).isTrue();
            TestServer.await("the refused write's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE key_id = ? AND error_code = 'unique_violation'", writer) == 1);
            assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND message LIKE ?",
                    writer, "%Key (email)=(…) already exists%")).isOne();
            assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND message LIKE ?",
                    writer, "%unique-secret%")).isZero();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Digest {

        TestServer server;

        @BeforeAll
        void start() {
            server = TestServer.start();
            server.applySql(SCHEMA);
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @Test
        void recordsKeepADigestOfTheArgumentsAndNoValue() {
            McpSyncClient client = clientWithEveryScope(server, "digest-caller");
            String keyId = keyIdOf(server, "digest-caller");
            callsCarryingSecrets(client);
            TestServer.await("the calls' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE key_id = ? AND method = 'tools/call'", keyId) == 4);

            assertThat(logs(server, keyId)).allSatisfy(record -> assertThat(record.get("arguments")).isNull())
                    .filteredOn(record -> "tools/call".equals(record.get("method")))
                    .hasSize(4)
                    .allSatisfy(record -> assertThat((String) record.get("argument_digest")).hasSize(64));
            for (String value : List.of("hunter2-insert", "hunter2-array", "deep-token-1", "rpc-secret-1",
                    "filter-secret-1", "bearer-secret-1", "kept-note", "dark")) {
                assertThat(storedSecrets(server, keyId, value)).as(value).isZero();
            }
        }

        /**
         * The same for a written row's digest, which the log, its exports and history:// keep: the columns with
         * secret-like names are masked before it is taken, so two rows that differ only there digest alike, and a
         * row with a guessed password digests to nothing on record.
         */
        @Test
        void aRowsDigestCannotConfirmAGuessedSecretColumn() {
            McpSyncClient client = clientWithEveryScope(server, "row-digests");
            assertThat(call(client, "insert_record", Map.of("table", "accounts", "data", Map.of("id", 31, "name",
                    "dora", "user_password", "pin-1111"))).isError()).isNotEqualTo(true);
            String row = (String) server.rows("SELECT row_to_json(t)::text AS row FROM public.accounts t"
                    + " WHERE id = 31").getFirst().get("row");
            assertThat(call(client, "update_record", Map.of("table", "accounts", "filter", Map.of("id", "eq.31"),
                    "data", Map.of("user_password", "pin-2222"))).isError()).isNotEqualTo(true);
            List<String> digests = TestServer.await("both writes' events", java.time.Duration.ofSeconds(20), () -> {
                List<String> found = server.rows("SELECT e.row ->> 'digest' AS digest FROM fluxbase.domain_event_entry,"
                        + " jsonb_array_elements(convert_from(payload, 'UTF8')::jsonb -> 'rows') AS e(row)"
                        + " WHERE payload_type LIKE '%Records%Event' AND e.row ->> 'key' = '{\"id\":31}'"
                        + " ORDER BY global_index").stream().map(r -> (String) r.get("digest")).toList();
                return found.size() == 2 ? found : null;
            });
            assertThat(digests.get(0)).as("the row as written, password included, digests to nothing kept")
                    .isNotEqualTo(Digests.sha256(row))
                    .isEqualTo(digests.get(1));
        }

        /**
         * Whoever reads the log knows the rest of a call's arguments; were the digest over the password too, they
         * could confirm guesses of it offline. Arguments without a secret still digest as sent.
         */
        @Test
        void theDigestCannotConfirmAGuessedSecret() {
            TestServer.Key key = server.createKey("guessing", "service", "read:tables");
            String session = server.initialize(key.secret());
            String withSecret = "{\"table\":\"accounts\",\"filter\":{\"user_password\":\"eq.letmein\"}}";
            String plain = "{\"table\":\"accounts\",\"filter\":{\"name\":\"eq.ann\"}}";
            for (String arguments : List.of(withSecret, plain)) {
                HttpResponse<String> answer = server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"query_table\",\"arguments\":" + arguments + "}}",
                        Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            }
            TestServer.await("the calls' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE key_id = ? AND method = 'tools/call'", key.id()) == 2);
            List<String> digests = logs(server, key.id()).stream()
                    .filter(record -> "tools/call".equals(record.get("method")))
                    .map(record -> (String) record.get("argument_digest")).toList();
            assertThat(digests).as("a guess of the password, digested with the rest, matches no record")
                    .doesNotContain(Digests.sha256(withSecret)).contains(Digests.sha256(plain));
        }
    }
}
