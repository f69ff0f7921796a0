package io.fluxbase.mcp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Text no read model can hold as it is (NUL, lone surrogates, every control character, a megabyte) sent through the
 * real tools and resources, as an attacker or a clumsy client would: every call still leaves its record, the
 * projections keep up, and a record PostgreSQL refuses all the same is set aside rather than stalling the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdversarialTextIntegrationTest {

    static final String NUL = "\u0000";
    static final String LONE_HIGH = "\uD800";
    static final String LONE_LOW = "\uDC00";
    static final String REVERSED_PAIR = "\uDE00\uD83D";
    static final String EVERY_CONTROL = IntStream.concat(IntStream.rangeClosed(0x00, 0x1F),
                    IntStream.rangeClosed(0x7F, 0x9F))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    static final List<String> HOSTILE = List.of(NUL, LONE_HIGH, LONE_LOW, REVERSED_PAIR, EVERY_CONTROL);
    /** A large argument, well under mcp.max_request_bytes once wrapped in a request, so the tools get to see it. */
    static final String MEGABYTE = "x".repeat(1_000_000);
    /** How soon a call must show in logs list after its answer, with a broken record before it. */
    static final Duration PROMPTLY = Duration.ofSeconds(2);

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TABLE public.widgets (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO public.widgets VALUES (1, 'flange'), (2, 'grommet'), (3, 'sprocket');
                CREATE TABLE public.gizmos (id int PRIMARY KEY, label text);
                CREATE FUNCTION public.echo(t text) RETURNS text LANGUAGE sql AS 'SELECT t';
                """);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ---- raw JSON, so that lone surrogates and NUL reach the server exactly as sent ----

    /** A JSON string literal with every control character and every surrogate (paired or not) as a \\u escape. */
    static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7F && c <= 0x9F || Character.isSurrogate(c)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    static String toolCall(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    static String resourceRead(int id, String uri) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"resources/read\",\"params\":{\"uri\":"
                + quoted(uri) + "}}";
    }

    /** One request per way a hostile string can enter a record: names, values, URIs, methods. */
    static List<String> hostileRequests(String s, int firstId, int gizmoId) {
        int id = firstId;
        List<String> requests = new ArrayList<>();
        requests.add(toolCall(id++, "query_table", "{\"table\":\"widgets\",\"select\":" + quoted("id" + s) + "}"));
        requests.add(toolCall(id++, "query_table", "{\"table\":" + quoted("widgets" + s) + "}"));
        requests.add(toolCall(id++, "query_table", "{\"table\":\"widgets\",\"filter\":{\"name\":"
                + quoted("eq." + s) + "}}"));
        requests.add(toolCall(id++, "query_table", "{\"table\":\"widgets\",\"filter\":{" + quoted("na" + s + "me")
                + ":\"eq.x\"}}"));
        requests.add(toolCall(id++, "query_table", "{\"table\":\"widgets\",\"order\":" + quoted("id" + s) + "}"));
        requests.add(toolCall(id++, "insert_record", "{\"table\":\"gizmos\",\"data\":{\"id\":" + gizmoId
                + ",\"label\":" + quoted(s) + "}}"));
        requests.add(toolCall(id++, "insert_record", "{\"table\":\"gizmos\",\"data\":{" + quoted("la" + s + "bel")
                + ":\"x\"}}"));
        requests.add(toolCall(id++, "invoke_rpc", "{\"name\":" + quoted("echo" + s) + "}"));
        requests.add(toolCall(id++, "invoke_rpc", "{\"name\":\"echo\",\"params\":{\"t\":" + quoted(s) + "}}"));
        requests.add(toolCall(id++, "invoke_rpc", "{\"name\":\"echo\",\"params\":{" + quoted("t" + s) + ":1}}"));
        requests.add("{\"jsonrpc\":\"2.0\",\"id\":" + id++ + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + quoted("query_table" + s) + ",\"arguments\":{}}}");
        requests.add(resourceRead(id++, "schema://tables/widgets" + s));
        requests.add(resourceRead(id++, "history://tables/widgets/" + s));
        requests.add("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + quoted("tools/" + s + "list") + "}");
        return requests;
    }

    // ---- reading back ----

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> logs(String query) {
        return (List<Map<String, Object>>) server.admin("GET", "/admin/v1/logs?" + query, null, 200).get("records");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> health() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(URI.create(server.mcpUrl() + "/health"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.JSON.readValue(response.body(), Map.class);
    }

    List<Map<String, Object>> auditRows(String sql, Object... parameters) {
        return server.rows(sql, parameters);
    }

    /** Waits at most {@code limit} for a record with this user agent to show in the admin logs API. */
    Map<String, Object> awaitInLogs(String keyId, String userAgent, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            for (Map<String, Object> record : logs("category=mcp&since=30m&limit=1000&key=" + keyId)) {
                if (userAgent.equals(record.get("user_agent"))) {
                    return record;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("logs list did not show the call by '" + userAgent + "' within " + limit
                        + "; the audit projection is stuck or far behind");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    HttpResponse<String> normalCall(TestServer.Key key, String session, String userAgent) {
        HttpResponse<String> answer = server.post(toolCall(999, "query_table", "{\"table\":\"widgets\"}"),
                Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session, "User-Agent", userAgent));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("sprocket");
        return answer;
    }

    long deadLetters() {
        return server.count("SELECT count(*) FROM fluxbase.dead_letter");
    }

    // ---- tests ----

    @Test
    void hostileTextThroughEveryToolAndResourceLeavesEveryRecordAndStallsNothing() {
        long deadLettersBefore = deadLetters();
        TestServer.Key key = server.createKey("adversary", "service", "read:tables", "write:tables", "execute:rpc",
                "read:schema", "read:audit");
        HttpResponse<String> init = server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":"
                + quoted("evil" + NUL + LONE_HIGH + EVERY_CONTROL) + ",\"version\":" + quoted(LONE_LOW + NUL)
                + "}}}", Map.of("X-Client-Key", key.secret()));
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        Map<String, String> headers = Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session);
        server.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers);
        int requests = 2;

        SoftAssertions answered = new SoftAssertions();
        int gizmo = 100;
        for (String hostile : HOSTILE) {
            for (String request : hostileRequests(hostile, 100 * gizmo, gizmo++)) {
                HttpResponse<String> answer = server.post(request, headers);
                answered.assertThat(answer.statusCode()).as(request).isBetween(200, 599);
                requests++;
            }
        }
        for (String request : List.of(
                toolCall(7001, "query_table", "{\"table\":\"widgets\",\"select\":" + quoted(MEGABYTE) + "}"),
                toolCall(7002, "insert_record", "{\"table\":\"gizmos\",\"data\":{\"id\":7002,\"label\":"
                        + quoted(MEGABYTE) + "}}"),
                resourceRead(7003, "schema://tables/" + MEGABYTE))) {
            HttpResponse<String> answer = server.post(request, headers);
            answered.assertThat(answer.statusCode()).as("a megabyte string").isBetween(200, 599);
            requests++;
        }
        answered.assertAll();

        // The real SDK client sends its own encoding of the same text (it escapes NUL and controls itself).
        McpSyncClient client = server.client(key.secret());
        for (String hostile : List.of(NUL, EVERY_CONTROL)) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("query_table",
                    Map.of("table", "widgets", "select", "id" + hostile, "filter", Map.of("name", "eq." + hostile))));
            assertThat(result.isError()).isTrue();
        }

        // Then ordinary calls: each shows in logs list at once, as if nothing had happened.
        normalCall(key, session, "after-the-adversary-1");
        requests++;
        Map<String, Object> shown = awaitInLogs(key.id(), "after-the-adversary-1", PROMPTLY);
        assertThat(shown).containsEntry("outcome", "ok").containsEntry("target", "query_table")
                .containsEntry("rows", 3);
        assertThat(client.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "widgets")))
                .isError()).isFalse();
        normalCall(key, session, "after-the-adversary-2");
        requests++;
        awaitInLogs(key.id(), "after-the-adversary-2", PROMPTLY);

        // Every request of the raw session left exactly its one record, none set aside, none only a placeholder.
        int expected = requests;
        String inSession = "SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND session_id = ?";
        TestServer.await(expected + " records of the adversary", () -> server.count(inSession, key.id(), session)
                >= expected);
        assertThat(server.count(inSession, key.id(), session)).isEqualTo(expected);
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND outcome = 'unreadable'",
                key.id())).isZero();
        assertThat(deadLetters()).as("nothing set aside: storable text is enough").isEqualTo(deadLettersBefore);

        // What could not be stored as it was is there, escaped visibly, and cut where it was overlong.
        List<Map<String, Object>> rows = auditRows(
                "SELECT method, target, client_name, client_version, message FROM fluxbase.audit_log WHERE key_id = ?",
                key.id());
        assertThat(rows).extracting(row -> (String) row.get("client_name")).filteredOn(name -> name != null)
                .contains("evil\\u0000\\uD800" + EVERY_CONTROL.replace(NUL, "\\u0000"));
        assertThat(rows).extracting(row -> (String) row.get("client_version")).contains("\\uDC00\\u0000");
        assertThat(rows).extracting(row -> (String) row.get("target")).filteredOn(target -> target != null)
                .contains("schema://tables/widgets\\u0000", "history://tables/widgets/\\uD800",
                        "history://tables/widgets/\\uDE00\\uD83D")
                .anySatisfy(target -> assertThat(target).startsWith("schema://tables/xxxx")
                        .endsWith("…[cut 998992 of 1000016 chars]").hasSizeLessThan(1100));
        assertThat(rows).extracting(row -> (String) row.get("method")).contains("tools/\\u0000list");
        assertThat(rows).extracting(row -> (String) row.get("message")).filteredOn(message -> message != null)
                .allSatisfy(message -> assertThat(message.length()).isLessThan(16 * 1024 + 64));

        Map<String, Object> health = health();
        assertThat(health).containsEntry("status", "healthy").containsEntry("version", "1.0")
                .containsKey("set_aside_records");
    }

    @Test
    void keyNamesTheRegistryCannotHoldAsTheyAreAreEscapedNotRefused() {
        String name = "key" + NUL + " " + LONE_HIGH + EVERY_CONTROL;
        HttpResponse<String> created = server.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/admin/v1/clientkeys"))
                .header("Authorization", "Bearer " + server.server().adminToken())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":" + quoted(name)
                        + ",\"type\":\"service\",\"scopes\":[\"read:tables\"]}"))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> key = TestServer.JSON.readValue(created.body(), Map.class);
        String stored = "key\\u0000 \\uD800" + EVERY_CONTROL.replace(NUL, "\\u0000");
        assertThat(key).containsEntry("name", stored);

        String session = server.initialize((String) key.get("key"));
        normalCall(new TestServer.Key((String) key.get("id"), (String) key.get("key")), session, "named-oddly");
        assertThat(awaitInLogs((String) key.get("id"), "named-oddly", PROMPTLY)).containsEntry("key_name", stored);
    }

    /**
     * Storable text is not the only line of defence: a record PostgreSQL refuses all the same (here a trigger
     * refuses it, as a constraint added later might) is set aside as a dead letter, its place in logs list is taken by
     * an unreadable placeholder, health and the metric count it, and every record after it is shown at once.
     */
    @Test
    void aRecordPostgresqlStillRefusesIsSetAsideAndTheLogMovesOn() {
        long deadLettersBefore = deadLetters();
        // planted with the server's own login: db apply may not touch the read models' tables
        server.executeAsServer("""
                CREATE FUNCTION public.refuse_marked_records() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.user_agent = 'refused-agent' THEN
                    RAISE EXCEPTION 'this record is refused by the test' USING ERRCODE = '22000';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_marked_records BEFORE INSERT ON fluxbase.audit_log
                  FOR EACH ROW EXECUTE FUNCTION public.refuse_marked_records();
                CREATE FUNCTION public.refuse_marked_history() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.row_values IS NULL AND NEW.table_name = 'public.gizmos' AND NEW.row_key = '555' THEN
                    RAISE EXCEPTION 'this change is refused by the test' USING ERRCODE = '23514';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_marked_history BEFORE INSERT ON fluxbase.row_history
                  FOR EACH ROW EXECUTE FUNCTION public.refuse_marked_history();
                """);
        try {
            TestServer.Key key = server.createKey("set-aside", "service", "read:tables", "write:tables");
            String session = server.initialize(key.secret());
            Map<String, String> headers = Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session);

            HttpResponse<String> refused = server.post(toolCall(2, "query_table", "{\"table\":\"widgets\"}"),
                    Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", session, "User-Agent", "refused-agent"));
            assertThat(refused.statusCode()).as("the call itself is answered: its record is durable in the log")
                    .isEqualTo(200);
            HttpResponse<String> write = server.post(toolCall(3, "insert_record",
                    "{\"table\":\"gizmos\",\"data\":{\"id\":555,\"label\":\"refused history\"}}"), headers);
            assertThat(write.body()).contains("\"isError\":false");
            server.post(toolCall(4, "insert_record",
                    "{\"table\":\"gizmos\",\"data\":{\"id\":556,\"label\":\"kept history\"}}"), headers);

            normalCall(key, session, "after-the-refusal");
            Map<String, Object> after = awaitInLogs(key.id(), "after-the-refusal", PROMPTLY);
            assertThat(after).containsEntry("outcome", "ok");

            List<Map<String, Object>> unreadable = logs("category=mcp&since=30m&status=unreadable&key=" + key.id());
            assertThat(unreadable).singleElement().satisfies(record -> {
                assertThat(record).containsEntry("method", "tools/call").containsEntry("error_code", "set_aside");
                assertThat((String) record.get("message")).contains("set aside").contains("fluxbase.dead_letter")
                        .contains("22000").contains("refused by the test");
            });
            assertThat(server.count("SELECT count(*) FROM fluxbase.dead_letter WHERE processor = 'audit-log'"
                    + " AND event_type = 'CallRecordedEvent' AND error LIKE '%refused by the test%'")).isOne();
            assertThat(server.count("SELECT count(*) FROM fluxbase.dead_letter WHERE processor = 'audit-log'"
                    + " AND event_type = 'RecordsInsertedEvent' AND error LIKE '%23514%'")).isOne();
            assertThat(server.count("SELECT count(*) FROM fluxbase.row_history WHERE table_name = 'public.gizmos'"
                    + " AND row_key = '556'")).as("the write after the refused one has its history").isOne();
            assertThat(deadLetters()).isEqualTo(deadLettersBefore + 2);

            Map<String, Object> health = health();
            assertThat(health).containsEntry("status", "healthy").containsEntry("version", "1.0");
            assertThat(((Number) health.get("set_aside_records")).longValue()).isEqualTo(deadLettersBefore + 2);
            MeterRegistry metrics = server.server().context().getBean(MeterRegistry.class);
            assertThat(metrics.get("fluxbase.projection.set.aside").gauge().value())
                    .isEqualTo(deadLettersBefore + 2.0);
        } finally {
            server.executeAsServer("""
                    DROP TRIGGER refuse_marked_records ON fluxbase.audit_log;
                    DROP FUNCTION public.refuse_marked_records();
                    DROP TRIGGER refuse_marked_history ON fluxbase.row_history;
                    DROP FUNCTION public.refuse_marked_history();
                    """);
        }
    }
}
