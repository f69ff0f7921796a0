package io.fluxbase.mcp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import io.fluxbase.mcp.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The audit trail as its owner sees it: every request to the MCP endpoint leaves exactly one record (in the command
 * log before the response goes out, then in fluxbase.audit_log and the admin logs API), and a call whose record
 * cannot be written gets no result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogIntegrationTest {

    static final String CLIENT_NAME = "audit-client";
    static final String CLIENT_VERSION = "3.1";

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TABLE public.widgets (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO public.widgets VALUES (1, 'flange'), (2, 'grommet'), (3, 'sprocket');
                """);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ---- the requests and what their records must say ----

    /** What one request must leave in the audit log. */
    record Expected(String method, String target, String outcome, String sessionId, boolean fromInitialize) {
    }

    record Session(String keyId, String secret, String sessionId, List<Expected> expected) {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) {
        return TestServer.JSON.readValue(body, Map.class);
    }

    HttpResponse<String> call(Session session, String body) {
        return server.post(body, Map.of("X-Client-Key", session.secret(), "Mcp-Session-Id", session.sessionId()));
    }

    /**
     * With a fresh key holding only read:tables: initialize, notifications/initialized, tools/list, resources/list, a
     * successful query_table, a query_table on an unknown column, (optionally) a resources/read outside the key's
     * scopes, a ping, and a request to a session that does not exist. The HTTP answers are checked softly, so that the
     * records are still checked when an answer is wrong.
     */
    @SuppressWarnings("unchecked")
    Session mixedRequests(String keyName, boolean withDeniedRead, SoftAssertions soft) {
        TestServer.Key key = server.createKey(keyName, "service", "read:tables");
        HttpResponse<String> init = server.post("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"%s","version":"%s"}}}""".formatted(CLIENT_NAME, CLIENT_VERSION),
                Map.of("X-Client-Key", key.secret()));
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String sessionId = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        List<Expected> expected = new ArrayList<>();
        expected.add(new Expected("initialize", null, "ok", sessionId, true));
        Session session = new Session(key.id(), key.secret(), sessionId, expected);

        HttpResponse<String> initialized = call(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        soft.assertThat(initialized.statusCode()).as("notifications/initialized").isEqualTo(202);
        expected.add(new Expected("notifications/initialized", null, "ok", sessionId, true));

        HttpResponse<String> tools = call(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        soft.assertThat(tools.statusCode()).as("tools/list: " + tools.body()).isEqualTo(200);
        soft.assertThat(tools.body()).contains("query_table");
        expected.add(new Expected("tools/list", null, "ok", sessionId, true));

        HttpResponse<String> resources = call(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/list\"}");
        soft.assertThat(resources.statusCode()).as("resources/list: " + resources.body()).isEqualTo(200);
        soft.assertThat(resources.body()).contains("\"result\"");
        expected.add(new Expected("resources/list", null, "ok", sessionId, true));

        HttpResponse<String> query = call(session, """
                {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"query_table",
                 "arguments":{"table":"widgets","order":"id"}}}""");
        soft.assertThat(query.statusCode()).as("query_table: " + query.body()).isEqualTo(200);
        soft.assertThat(query.body()).contains("sprocket").contains("\"isError\":false");
        expected.add(new Expected("tools/call", "query_table", "ok", sessionId, true));

        HttpResponse<String> badColumn = call(session, """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"query_table",
                 "arguments":{"table":"widgets","filter":{"colour":"eq.red"}}}}""");
        soft.assertThat(badColumn.statusCode()).as("query_table, unknown column: " + badColumn.body()).isEqualTo(200);
        soft.assertThat(badColumn.body()).contains("\"isError\":true");
        expected.add(new Expected("tools/call", "query_table", "error", sessionId, true));

        if (withDeniedRead) {
            HttpResponse<String> read = call(session, """
                    {"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"schema://tables"}}""");
            soft.assertThat(read.statusCode()).as("resources/read without read:schema: " + read.body())
                    .isEqualTo(200);
            soft.assertThat(read.body()).as("resources/read without read:schema").contains("\"id\":6")
                    .contains("\"code\":-32600").contains("read:schema").doesNotContain("\"result\"");
            expected.add(new Expected("resources/read", "schema://tables", "denied", sessionId, true));
        }

        HttpResponse<String> ping = call(session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
        soft.assertThat(ping.statusCode()).as("ping: " + ping.body()).isEqualTo(200);
        expected.add(new Expected("ping", null, "ok", sessionId, true));

        String unknownSession = UUID.randomUUID().toString();
        HttpResponse<String> lost = server.post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}",
                Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", unknownSession));
        soft.assertThat(lost.statusCode()).as("unknown session: " + lost.body()).isEqualTo(404);
        expected.add(new Expected("tools/list", null, "invalid", unknownSession, false));
        return session;
    }

    // ---- reading the records back ----

    /** The key's MCP records in fluxbase.audit_log, in command-log order. */
    List<Map<String, Object>> auditRows(String keyId) {
        return server.rows("""
                SELECT call_id, time, category, session_id, key_id, key_name, method, target, outcome, error_code,
                       message, rows, bytes_out, duration_ms, client_name, client_version, ip, user_agent
                FROM fluxbase.audit_log WHERE key_id = ? AND category = 'mcp' ORDER BY global_index""", keyId);
    }

    /** Call ids of the key's records in the command log (any category), read straight from the event payloads. */
    @SuppressWarnings("unchecked")
    Map<String, String> recordedEvents(String keyId) {
        Map<String, String> categoryByCallId = new LinkedHashMap<>();
        String table = "fluxbase.domain_event_entry";
        try (Connection connection = server.database(); var statement = connection.prepareStatement(
                "SELECT convert_from(payload, 'UTF8') FROM " + table
                        + " WHERE payload_type LIKE '%CallRecordedEvent' ORDER BY global_index")) {
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> record = (Map<String, Object>) json(result.getString(1)).get("record");
                    if (keyId.equals(record.get("keyId"))) {
                        categoryByCallId.put((String) record.get("callId"), (String) record.get("category"));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return categoryByCallId;
    }

    List<String> mcpEventCallIds(String keyId) {
        return recordedEvents(keyId).entrySet().stream()
                .filter(entry -> entry.getValue().equalsIgnoreCase("mcp")).map(Map.Entry::getKey).toList();
    }

    /** Waits until the projection has every record the command log holds for the key, then settles. */
    List<Map<String, Object>> awaitAuditRows(String keyId, int expected) {
        TestServer.await(expected + " audit rows for key " + keyId, () -> auditRows(keyId).size() >= expected);
        return auditRows(keyId);
    }

    /** The headers of calls in a fresh session of the key. */
    Map<String, String> sessionHeaders(TestServer.Key key) {
        return Map.of("X-Client-Key", key.secret(), "Mcp-Session-Id", server.initialize(key.secret()));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> logs(String query) {
        Map<String, Object> answer = server.admin("GET", "/admin/v1/logs?" + query, null, 200);
        return (List<Map<String, Object>>) answer.get("records");
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- tests ----

    @Test
    void everyRequestLeavesExactlyOneRecordThatSaysWhatHappened() {
        SoftAssertions soft = new SoftAssertions();
        Session session = mixedRequests("audit-completeness", true, soft);
        List<Expected> expected = session.expected();

        // Durable before the response: the command log already holds one record per request, no more.
        List<String> eventCallIds = mcpEventCallIds(session.keyId());
        assertThat(eventCallIds).hasSize(expected.size()).doesNotHaveDuplicates();

        List<Map<String, Object>> rows = awaitAuditRows(session.keyId(), expected.size());
        assertThat(rows).hasSize(expected.size());
        assertThat(rows).extracting(row -> row.get("call_id")).containsExactlyElementsOf(eventCallIds);

        Instant previous = Instant.EPOCH;
        for (int i = 0; i < expected.size(); i++) {
            Expected want = expected.get(i);
            Map<String, Object> row = rows.get(i);
            String what = "record " + (i + 1) + " (" + want.method() + ") " + row;
            soft.assertThat(row.get("method")).as(what).isEqualTo(want.method());
            soft.assertThat(row.get("target")).as(what).isEqualTo(want.target());
            soft.assertThat(row.get("outcome")).as(what).isEqualTo(want.outcome());
            soft.assertThat(row.get("session_id")).as(what).isEqualTo(want.sessionId());
            soft.assertThat(row.get("category")).as(what).isEqualTo("mcp");
            soft.assertThat(row.get("key_name")).as(what).isEqualTo("audit-completeness");
            soft.assertThat(((Number) row.get("duration_ms")).doubleValue()).as(what).isGreaterThanOrEqualTo(0);
            soft.assertThat(((Number) row.get("bytes_out")).longValue()).as(what).isGreaterThanOrEqualTo(0);
            soft.assertThat(row.get("ip")).as(what).isEqualTo("127.0.0.1");
            if (want.fromInitialize()) {
                soft.assertThat(row.get("client_name")).as(what).isEqualTo(CLIENT_NAME);
                soft.assertThat(row.get("client_version")).as(what).isEqualTo(CLIENT_VERSION);
            }
            if (!want.outcome().equals("ok")) {
                soft.assertThat(row.get("error_code")).as(what).isNotNull();
                soft.assertThat((String) row.get("message")).as(what).isNotBlank();
            }
            Instant time = ((java.sql.Timestamp) row.get("time")).toInstant();
            soft.assertThat(time).as(what).isAfterOrEqualTo(previous);
            previous = time;
        }
        soft.assertThat(rows.get(4).get("rows")).as("the successful query returned three rows").isEqualTo(3L);
        soft.assertThat((String) rows.get(5).get("message")).as("the error names the unknown column")
                .contains("colour");
        soft.assertThat(rows.get(6).get("error_code")).as("resources/read without the scope: " + rows.get(6))
                .isEqualTo("missing_scope");
        soft.assertThat(rows.get(8).get("error_code")).isEqualTo("session_not_found");

        // Nothing arrives late: the projection holds exactly what the command log holds.
        TestServer.await("the audit projection to settle", () -> server.count(
                "SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND category = 'mcp'",
                session.keyId()) == expected.size());
        soft.assertThat(mcpEventCallIds(session.keyId())).hasSize(expected.size());
        soft.assertAll();
    }

    /**
     * The log's unique indexes grow at their end only if its ids do: every record's event identifier and call id is a
     * version 7 UUID made when the record was, so they ascend in log order across milliseconds (the key's own
     * creation included).
     */
    @Test
    void theLogNamesItsRecordsWithIdsThatGrowWithIt() {
        SoftAssertions soft = new SoftAssertions();
        Session session = mixedRequests("time-ordered-ids", false, soft);
        soft.assertAll();
        List<Map<String, Object>> records = server.rows("""
                SELECT event_identifier, convert_from(payload, 'UTF8') AS payload FROM fluxbase.domain_event_entry
                WHERE payload_type LIKE '%CallRecordedEvent' ORDER BY global_index""");
        long previous = 0;
        int seen = 0;
        for (Map<String, Object> record : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> call = (Map<String, Object>) json((String) record.get("payload")).get("record");
            if (!session.keyId().equals(call.get("keyId"))) {
                continue;
            }
            if ("mcp".equalsIgnoreCase((String) call.get("category"))) {
                seen++;
            }
            UUID eventId = UUID.fromString((String) record.get("event_identifier"));
            UUID callId = UUID.fromString((String) call.get("callId"));
            assertThat(List.of(eventId.version(), callId.version())).as(record.toString()).containsOnly(7);
            long made = TimeOrderedIds.millisOf(eventId);
            long called = TimeOrderedIds.millisOf(callId);
            assertThat(made).as("the event is named after its call, in log order: " + record)
                    .isGreaterThanOrEqualTo(called).isGreaterThanOrEqualTo(previous);
            assertThat(Instant.ofEpochMilli(called)).as("the call id carries the call's time: " + record)
                    .isCloseTo(Instant.parse((String) call.get("time")), within(1, ChronoUnit.SECONDS));
            previous = made;
        }
        assertThat(seen).isEqualTo(session.expected().size());
    }

    @Test
    void logsApiFiltersByKeyToolAndStatusAndListsNewestFirst() {
        SoftAssertions answers = new SoftAssertions();
        Session session = mixedRequests("audit-logs-api", false, answers);
        Session other = mixedRequests("audit-logs-api-other", false, answers);
        answers.assertAll();
        List<Map<String, Object>> rows = awaitAuditRows(session.keyId(), session.expected().size());
        awaitAuditRows(other.keyId(), other.expected().size());
        List<Object> newestFirst = new ArrayList<>(rows.stream().map(row -> row.get("call_id")).toList());
        java.util.Collections.reverse(newestFirst);

        String key = "category=mcp&since=30m&key=" + enc(session.keyId());
        List<Map<String, Object>> all = logs(key);
        assertThat(all).extracting(record -> record.get("call_id")).containsExactlyElementsOf(newestFirst);
        assertThat(all).allSatisfy(record -> assertThat(record).containsEntry("key_id", session.keyId()));
        List<Instant> times = all.stream().map(record -> Instant.parse((String) record.get("time"))).toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).as("record %d is not newer than record %d", i, i - 1)
                    .isBeforeOrEqualTo(times.get(i - 1));
        }
        assertThat(all.get(0)).containsEntry("method", "tools/list").containsEntry("outcome", "invalid");
        assertThat(all.get(all.size() - 1)).containsEntry("method", "initialize")
                .containsEntry("client_name", CLIENT_NAME);

        List<Map<String, Object>> queries = logs(key + "&tool=query_table");
        assertThat(queries).extracting(record -> record.get("outcome")).containsExactly("error", "ok");
        assertThat(queries).allSatisfy(record -> assertThat(record).containsEntry("target", "query_table")
                .containsEntry("key_id", session.keyId()));

        assertThat(logs(key + "&status=error")).singleElement().satisfies(record -> assertThat(record)
                .containsEntry("target", "query_table").containsEntry("method", "tools/call"));
        assertThat(logs(key + "&status=invalid")).singleElement().satisfies(record -> assertThat(record)
                .containsEntry("method", "tools/list").containsEntry("error_code", "session_not_found"));
        assertThat(logs(key + "&status=ok")).hasSize(session.expected().size() - 2)
                .allSatisfy(record -> assertThat(record).containsEntry("outcome", "ok"));
        assertThat(logs(key + "&tool=query_table&status=ok")).singleElement().satisfies(record -> assertThat(record)
                .containsEntry("rows", 3));
        assertThat(logs(key + "&status=denied")).isEmpty();
        assertThat(logs(key + "&status=rate_limited")).isEmpty();
        assertThat(logs(key + "&tool=no_such_tool")).isEmpty();
        assertThat(logs(key + "&limit=3")).extracting(record -> record.get("call_id"))
                .containsExactlyElementsOf(newestFirst.subList(0, 3));
        // The dashboard pages back with until (exclusive): the next page starts where the first three end.
        assertThat(logs(key + "&limit=3&until=" + enc((String) all.get(2).get("time"))))
                .extracting(record -> record.get("call_id"))
                .containsExactlyElementsOf(newestFirst.subList(3, Math.min(6, newestFirst.size())));

        // Without a key filter both keys' records are there, still newest first.
        List<Map<String, Object>> both = logs("category=mcp&since=30m&tool=query_table");
        assertThat(both).extracting(record -> record.get("key_id")).contains(session.keyId(), other.keyId());
        List<Instant> bothTimes = both.stream().map(record -> Instant.parse((String) record.get("time"))).toList();
        for (int i = 1; i < bothTimes.size(); i++) {
            assertThat(bothTimes.get(i)).isBeforeOrEqualTo(bothTimes.get(i - 1));
        }
    }

    /** bytes_out is what the client received: the body of a JSON answer, byte for byte. */
    @Test
    void bytesOutIsTheSizeOfTheAnswerSent() {
        TestServer.Key key = server.createKey("audit-bytes", "service", "read:tables", "write:tables");
        String sessionId = server.initialize(key.secret());
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        bodies.put("query ok", """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"query_table",
                 "arguments":{"table":"widgets","order":"id"}}}""");
        bodies.put("query refused", """
                {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"query_table",
                 "arguments":{"table":"widgets","filter":{"colour":"eq.red"}}}}""");
        bodies.put("unknown tool", """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"nope","arguments":{}}}""");
        bodies.put("malformed", "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":[]}");
        bodies.put("ping", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
        // a write's record commits with the write, before the answer exists: it must still hold the answer's size
        bodies.put("insert ok", """
                {"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"insert_record",
                 "arguments":{"table":"widgets","data":{"id":40,"name":"washer"},"returning":["id","name"]}}}""");
        bodies.put("insert refused", """
                {"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"insert_record",
                 "arguments":{"table":"widgets","data":{"id":1,"name":"duplicate"}}}}""");
        SoftAssertions soft = new SoftAssertions();
        bodies.forEach((what, body) -> {
            String agent = "bytes-" + UUID.randomUUID();
            HttpResponse<String> response = server.post(body, Map.of("X-Client-Key", key.secret(),
                    "Mcp-Session-Id", sessionId, "User-Agent", agent));
            long sent = response.body().getBytes(StandardCharsets.UTF_8).length;
            soft.assertThat(sent).as(what).isPositive();
            TestServer.await("the record of " + what, () -> server.count(
                    "SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = ?", agent) == 1);
            soft.assertThat(server.count("SELECT bytes_out FROM fluxbase.audit_log WHERE user_agent = ?", agent))
                    .as(what + ": " + response.body()).isEqualTo(sent);
        });
        soft.assertAll();
    }

    @Test
    void badSinceIsRefusedNamingSince() {
        HttpResponse<String> response = server.adminRaw("GET", "/admin/v1/logs?category=mcp&since=yesterday", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("since").contains("yesterday");
        assertThat(response.body()).doesNotContain("\tat ", "Exception");

        HttpResponse<String> status = server.adminRaw("GET", "/admin/v1/logs?category=mcp&status=sideways", null);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(400);
        assertThat(status.body()).contains("sideways");
    }

    // ---- no response without its record ----

    void renameCommandLog(String from, String to) {
        try (Connection connection = server.database(); Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '10s'");
            statement.execute("ALTER TABLE fluxbase." + from + " RENAME TO " + to);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void callWhoseRecordCannotBeWrittenGetsAnErrorNotItsResult() throws Exception {
        TestServer.Key key = server.createKey("audit-outage", "service", "read:tables");
        Map<String, String> headers = sessionHeaders(key);
        String query = """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"query_table",
                 "arguments":{"table":"widgets","filter":{"name":"eq.%s"}}}}""";

        HttpResponse<String> before = server.post(query.formatted(10, "flange"), headers);
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        assertThat(before.body()).contains("flange");
        Map<String, String> eventsBefore = recordedEvents(key.id());

        HttpResponse<String> during;
        renameCommandLog("domain_event_entry", "domain_event_entry_moved");
        try {
            during = server.post(query.formatted(11, "grommet"), headers);
        } finally {
            renameCommandLog("domain_event_entry_moved", "domain_event_entry");
        }
        assertThat(during.statusCode()).as(during.body()).isBetween(500, 599);
        assertThat(during.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(during.body()).as("the tool's result is withheld").doesNotContain("grommet", "\"result\"");
        assertThat(during.body()).doesNotContain("\tat ", ".java:", "Exception");
        Map<String, Object> failure = json(during.body());
        assertThat(failure).containsEntry("jsonrpc", "2.0").containsKey("id");
        Map<String, Object> error = (Map<String, Object>) failure.get("error");
        assertThat(error).isNotNull();
        assertThat(error.get("code")).isInstanceOf(Integer.class);
        assertThat((String) error.get("message")).containsIgnoringCase("could not record");

        HttpResponse<String> after = server.post(query.formatted(12, "sprocket"), headers);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).contains("sprocket");
        Map<String, Object> afterResult = (Map<String, Object>) json(after.body()).get("result");
        assertThat(afterResult).containsEntry("isError", false);

        // initialize, notifications/initialized, the call before and the call after: nothing for the failed one.
        List<Map<String, Object>> rows = awaitAuditRows(key.id(), 4);
        Thread.sleep(500);
        rows = auditRows(key.id());
        assertThat(rows).extracting(row -> row.get("method"))
                .containsExactly("initialize", "notifications/initialized", "tools/call", "tools/call");
        assertThat(rows).extracting(row -> row.get("outcome")).containsOnly("ok");
        assertThat(rows).extracting(row -> row.get("rows")).containsExactly(0L, 0L, 1L, 1L);

        Map<String, String> eventsAfter = recordedEvents(key.id());
        Map<String, String> added = new HashMap<>(eventsAfter);
        eventsBefore.keySet().forEach(added::remove);
        assertThat(added).as("only the call after the outage was added to the command log").hasSize(1);
        assertThat(rows.get(3).get("call_id")).isIn(added.keySet());
        List<Object> auditCallIds = rows.stream().map(row -> row.get("call_id")).toList();
        assertThat(mcpEventCallIds(key.id())).containsExactlyElementsOf(auditCallIds.stream().map(String::valueOf)
                .toList());
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND category = 'mcp'",
                key.id())).isEqualTo(4);
    }

    /**
     * Call records that arrive together are appended in one batch that commits by itself. A trigger refuses the
     * records of some calls (by user agent) while others are in flight: every call then either got its answer and
     * has exactly one record, or got an error and has none; no batch is half written. A lock on the command log holds
     * the first batch back while the other calls queue behind it, so the next batch surely mixes refused records with
     * good ones: those good ones are refused with it, none of them committed.
     */
    @Test
    void recordsSharingACommitStandOrFallTogether() throws Exception {
        TestServer.Key key = server.createKey("audit-batches", "service", "read:tables");
        String sessionId = server.initialize(key.secret());
        // planted with the server's own login: db apply may not touch the command log's tables
        server.executeAsServer("""
                CREATE FUNCTION public.refuse_poisoned_records() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF convert_from(NEW.payload, 'UTF8') LIKE '%poisoned-agent%' THEN
                    RAISE EXCEPTION 'refused by the test';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_poisoned_records BEFORE INSERT ON fluxbase.domain_event_entry
                  FOR EACH ROW EXECUTE FUNCTION public.refuse_poisoned_records();
                """);
        int calls = 32;
        Map<String, Integer> statusByAgent = new java.util.concurrent.ConcurrentHashMap<>();
        Connection lock = server.database();
        lock.setAutoCommit(false);
        try (lock; var pool = java.util.concurrent.Executors.newFixedThreadPool(calls)) {
            lock.createStatement().execute("LOCK TABLE fluxbase.domain_event_entry IN SHARE ROW EXCLUSIVE MODE");
            var start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < calls; i++) {
                String agent = (i % 8 == 0 ? "poisoned-agent-" : "plain-agent-") + i;
                int id = 100 + i;
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    HttpResponse<String> response = server.post("""
                            {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"query_table",
                             "arguments":{"table":"widgets"}}}""".formatted(id), Map.of("X-Client-Key", key.secret(),
                            "Mcp-Session-Id", sessionId, "User-Agent", agent));
                    statusByAgent.put(agent, response.statusCode());
                });
            }
            start.countDown();
            TestServer.await("the first batch waiting for the lock", () -> server.count("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO fluxbase.domain_event_entry%'""") == 1);
            Thread.sleep(1_500); // the other calls read their rows and queue their records behind it
            lock.rollback();
        } finally {
            server.executeAsServer("DROP TRIGGER refuse_poisoned_records ON fluxbase.domain_event_entry;"
                    + " DROP FUNCTION public.refuse_poisoned_records()");
        }

        assertThat(statusByAgent).hasSize(calls);
        SoftAssertions soft = new SoftAssertions();
        statusByAgent.forEach((agent, status) -> {
            long events = server.count("SELECT count(*) FROM fluxbase.domain_event_entry"
                    + " WHERE payload_type LIKE '%CallRecordedEvent' AND convert_from(payload, 'UTF8') LIKE ?",
                    "%\"" + agent + "\"%");
            if (agent.startsWith("poisoned")) {
                soft.assertThat(status).as(agent).isBetween(500, 599);
            } else {
                soft.assertThat(status).as(agent).isIn(200, 503);
            }
            soft.assertThat(events).as(agent + " answered " + status).isEqualTo(status == 200 ? 1 : 0);
        });
        soft.assertThat(statusByAgent).as("good calls refused with the batch they shared with refused records")
                .containsValue(503);
        soft.assertAll();
        long answered = statusByAgent.values().stream().filter(status -> status == 200).count();
        TestServer.await(answered + " records in the audit log", () -> server.count(
                "SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND user_agent LIKE 'plain-agent-%'",
                key.id()) == answered);
    }

    /**
     * Records commit out of their log order whenever calls run side by side: one takes its place in the log, a later
     * one commits first, and the projection passes the first one's place before it is there. When it does commit,
     * its record still reaches the audit log, beside the later ones, not instead of one of them.
     */
    @Test
    void aRecordCommittedAfterLaterOnesStillReachesTheLog() throws Exception {
        TestServer.Key key = server.createKey("audit-late-commit", "service", "read:tables");
        Map<String, String> headers = sessionHeaders(key);
        String query = """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"query_table",
                 "arguments":{"table":"widgets"}}}""";
        assertThat(server.post(query.formatted(1), headers).statusCode()).isEqualTo(200);
        String firstCall = mcpEventCallIds(key.id()).getLast();
        awaitAuditRows(key.id(), 3);

        String lateCall = UUID.randomUUID().toString();
        try (Connection late = server.database()) {
            late.setAutoCommit(false);
            try (var copy = late.prepareStatement("""
                    INSERT INTO fluxbase.domain_event_entry (aggregate_identifier, sequence_number, type,
                        event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                    SELECT ?, 0, type, ?, meta_data,
                           convert_to(replace(convert_from(payload, 'UTF8'), ?, ?), 'UTF8'),
                           payload_revision, payload_type, time_stamp
                    FROM fluxbase.domain_event_entry
                    WHERE payload_type LIKE '%CallRecordedEvent' AND convert_from(payload, 'UTF8') LIKE ?""")) {
                copy.setString(1, UUID.randomUUID().toString());
                copy.setString(2, UUID.randomUUID().toString());
                copy.setString(3, firstCall);
                copy.setString(4, lateCall);
                copy.setString(5, "%" + firstCall + "%");
                assertThat(copy.executeUpdate()).isEqualTo(1);
            }
            for (int id = 2; id <= 4; id++) {
                assertThat(server.post(query.formatted(id), headers).statusCode()).isEqualTo(200);
            }
            awaitAuditRows(key.id(), 6);
            late.commit();
        }

        TestServer.await("the late record in the audit log", () -> server.count(
                "SELECT count(*) FROM fluxbase.audit_log WHERE call_id = ?", lateCall) == 1);
        List<String> logged = auditRows(key.id()).stream().map(row -> (String) row.get("call_id")).toList();
        assertThat(logged).as("every record of the key, the late one included")
                .containsExactlyInAnyOrderElementsOf(mcpEventCallIds(key.id()));
    }

    @Test
    void aWriteWhoseLogCannotBeWrittenChangesNothing() {
        server.applySql("CREATE TABLE public.gadgets (id int PRIMARY KEY, name text NOT NULL)");
        TestServer.Key key = server.createKey("write-outage", "service", "write:tables");
        Map<String, String> headers = sessionHeaders(key);
        String insert = """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"insert_record",
                 "arguments":{"table":"gadgets","data":{"id":%d,"name":"%s"}}}}""";

        HttpResponse<String> during;
        renameCommandLog("domain_event_entry", "domain_event_entry_moved");
        try {
            during = server.post(insert.formatted(20, 20, "ghost"), headers);
        } finally {
            renameCommandLog("domain_event_entry_moved", "domain_event_entry");
        }
        assertThat(during.statusCode()).as(during.body()).isBetween(500, 599);
        assertThat(during.body()).doesNotContain("\"result\"");
        assertThat(server.count("SELECT count(*) FROM public.gadgets WHERE id = 20"))
                .as("the row went back with its events and record").isZero();

        HttpResponse<String> after = server.post(insert.formatted(21, 21, "real"), headers);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(after.body()).contains("\"isError\":false");
        assertThat(server.count("SELECT count(*) FROM public.gadgets WHERE id = 21")).isEqualTo(1);
        TestServer.await("the write's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE key_id = ? AND target = 'insert_record'", key.id()) == 1);
    }

    /** The events an admin command applies are stored with its origin, as Axon's own provider stamped them. */
    @Test
    void anAdminCommandsEventCarriesTheCommandsOrigin() throws SQLException {
        TestServer.Key key = server.createKey("origin", "service", "read:tables");
        try (Connection db = server.database(); var read = db.prepareStatement("""
                SELECT convert_from(meta_data, 'UTF8'), time_stamp FROM fluxbase.domain_event_entry
                WHERE aggregate_identifier = ? AND payload_type LIKE '%ClientKeyCreatedEvent'""")) {
            read.setString(1, key.id());
            try (var rows = read.executeQuery()) {
                assertThat(rows.next()).as("the key's creation in the log").isTrue();
                Map<String, Object> metaData = json(rows.getString(1));
                assertThat(metaData).containsKeys("correlationId", "traceId");
                assertThat(metaData.get("traceId")).isEqualTo(metaData.get("correlationId"));
                assertThat(rows.getString(2)).as("Axon's time stamp form").matches(
                        "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            }
        }
    }
}
