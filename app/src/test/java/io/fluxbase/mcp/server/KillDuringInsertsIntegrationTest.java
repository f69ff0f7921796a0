package io.fluxbase.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL while 8 clients insert and 4 read: after a restart on the same data directory, every insert that was
 * answered with success exists exactly once, with exactly one change event and one call record; no change event
 * exists without its row; every read that was answered has its call record (records of reads commit in group
 * commits, a whole group or nothing); the killed process's claims on the projections are released at the restart;
 * and the projections catch up. The server runs as a real child process, killed
 * with SIGKILL.
 */
class KillDuringInsertsIntegrationTest {

    static final String USER = "33333333-3333-3333-3333-333333333333";
    static final int CLIENTS = 8;
    static final int READERS = 4;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Path dataDir;
    Process server;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor();
        }
        if (dataDir != null) {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    record Acknowledged(int client, int seq, long id) {
    }

    @Test
    void everyAnsweredInsertSurvivesWithItsEventAndRecordAndNothingElseDoes() throws Exception {
        dataDir = Files.createTempDirectory("fluxbase-kill");
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        server = startServer(port);
        awaitHealthy(base);
        String token = Files.readString(dataDir.resolve("admin-token")).strip();
        admin(base, token, "/admin/v1/db/apply", Map.of("sql", """
                CREATE TABLE public.crash_items (id bigserial PRIMARY KEY, client int NOT NULL, seq int NOT NULL,
                    owner uuid NOT NULL DEFAULT auth.uid(), UNIQUE (client, seq));
                ALTER TABLE public.crash_items ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "insert own" ON public.crash_items FOR INSERT WITH CHECK (auth.uid() = owner);
                CREATE POLICY "read own" ON public.crash_items FOR SELECT USING (auth.uid() = owner);
                """));
        @SuppressWarnings("unchecked")
        Map<String, Object> key = TestServer.JSON.readValue(admin(base, token, "/admin/v1/clientkeys", Map.of(
                "name", "crash", "type", "anon", "scopes", List.of("write:tables", "read:tables"), "user_id", USER,
                "rate_limit_per_min", 1_000_000)), Map.class);
        String secret = (String) key.get("key");

        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().start(() -> insertUntilKilled(base + "/mcp", secret, client,
                    acknowledged, killed)));
        }
        ConcurrentLinkedQueue<String> answeredReads = new ConcurrentLinkedQueue<>();
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            clients.add(Thread.ofPlatform().start(() -> readUntilKilled(base + "/mcp", secret, reader,
                    answeredReads, killed)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        killed.set(true);
        long killedPid = server.pid();
        server.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush, nothing
        server.waitFor();
        for (Thread thread : clients) {
            thread.join(Duration.ofSeconds(30));
        }
        assertThat(acknowledged).as("inserts answered before the kill").hasSizeGreaterThanOrEqualTo(50);
        assertThat(answeredReads).as("reads answered before the kill").hasSizeGreaterThanOrEqualTo(20);

        server = startServer(port);
        awaitHealthy(base);
        String dbUrl = (String) TestServer.JSON.readValue(get(base, token, "/admin/v1/db/url"), Map.class).get("url");
        try (Connection db = connect(dbUrl)) {
            assertThat(single(db, "SELECT count(*) FROM fluxbase.token_entry WHERE owner LIKE '" + killedPid + "@%'"))
                    .as("projection claims still held by the killed process").isZero();
            Map<Long, String> rows = new java.util.HashMap<>();
            try (ResultSet rs = db.createStatement().executeQuery("SELECT id, client || '/' || seq FROM"
                    + " public.crash_items")) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), rs.getString(2));
                }
            }
            for (Acknowledged ack : acknowledged) {
                assertThat(rows.get(ack.id())).as("answered insert %s", ack).isEqualTo(ack.client() + "/" + ack.seq());
            }
            // every change event names rows that exist, each row has exactly one, and each event's call one record
            List<Long> evented = longs(db, """
                    SELECT (r ->> 'key')::jsonb ->> 'id' FROM fluxbase.domain_event_entry e,
                         jsonb_array_elements(convert_from(e.payload, 'UTF8')::jsonb -> 'rows') r
                    WHERE e.payload_type LIKE '%RecordsInsertedEvent'""");
            assertThat(new HashSet<>(evented)).as("rows with change events").isEqualTo(rows.keySet());
            assertThat(evented).as("one change event per row").hasSameSizeAs(rows.keySet());
            List<Long> recordsPerCall = longs(db, """
                    SELECT (SELECT count(*) FROM fluxbase.domain_event_entry r
                            WHERE r.payload_type LIKE '%CallRecordedEvent'
                              AND convert_from(r.payload, 'UTF8')::jsonb -> 'record' ->> 'callId'
                                  = convert_from(e.payload, 'UTF8')::jsonb ->> 'callId')
                    FROM fluxbase.domain_event_entry e WHERE e.payload_type LIKE '%RecordsInsertedEvent'""");
            assertThat(recordsPerCall).as("call records per change event").isNotEmpty().allMatch(n -> n == 1L);

            // each answered read's record is in the log (its User-Agent names it)
            java.util.Set<String> recordedReads = new HashSet<>();
            try (ResultSet rs = db.createStatement().executeQuery("""
                    SELECT convert_from(payload, 'UTF8')::jsonb -> 'record' ->> 'userAgent' FROM
                    fluxbase.domain_event_entry WHERE payload_type LIKE '%CallRecordedEvent'""")) {
                while (rs.next()) {
                    recordedReads.add(rs.getString(1));
                }
            }
            assertThat(recordedReads).as("records of answered reads").containsAll(answeredReads);

            int expected = rows.size();
            TestServer.await("the row history to catch up", () -> single(db, "SELECT count(*) FROM"
                    + " fluxbase.row_history WHERE table_name = 'public.crash_items'") == expected);
            TestServer.await("the audit log to catch up", () -> single(db, """
                    SELECT count(*) FROM fluxbase.row_history h JOIN fluxbase.audit_log a USING (call_id)
                    WHERE h.table_name = 'public.crash_items' AND a.outcome = 'ok'""") == expected);
            // records commit out of log order here (8 writers, 4 readers): none may be lost on the way
            String unprojected = """
                    SELECT count(*) FROM fluxbase.domain_event_entry e
                    WHERE e.payload_type LIKE '%CallRecordedEvent' AND NOT EXISTS (SELECT 1 FROM fluxbase.audit_log a
                        WHERE a.call_id = convert_from(e.payload, 'UTF8')::jsonb -> 'record' ->> 'callId')""";
            TestServer.await("every call record in the audit log", () -> single(db, unprojected) == 0);
        }
    }

    private void insertUntilKilled(String mcpUrl, String secret, int client, ConcurrentLinkedQueue<Acknowledged> acks,
            AtomicBoolean killed) {
        try {
            String session = openSession(mcpUrl, secret);
            for (int seq = 1; !killed.get() && seq < 100_000; seq++) {
                HttpResponse<String> answer = post(mcpUrl, secret, session, """
                        {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"insert_record","arguments":
                         {"table":"crash_items","data":{"client":%d,"seq":%d},"returning":["id"]}}}"""
                        .formatted(seq, client, seq));
                if (answer.statusCode() == 200 && answer.body().contains("\"isError\":false")) {
                    var matcher = java.util.regex.Pattern.compile("\\\\?\"id\\\\?\":(\\d+)").matcher(
                            answer.body().substring(answer.body().indexOf("structuredContent")));
                    if (matcher.find()) {
                        acks.add(new Acknowledged(client, seq, Long.parseLong(matcher.group(1))));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the server was killed under this client: what it answered before is what counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readUntilKilled(String mcpUrl, String secret, int reader, ConcurrentLinkedQueue<String> answered,
            AtomicBoolean killed) {
        try {
            String session = openSession(mcpUrl, secret);
            for (int seq = 1; !killed.get() && seq < 100_000; seq++) {
                String agent = "kill-read-" + reader + "-" + seq;
                HttpResponse<String> answer = post(mcpUrl, secret, session, """
                        {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"query_table","arguments":
                         {"table":"crash_items","limit":1}}}""".formatted(seq), agent);
                if (answer.statusCode() == 200 && answer.body().contains("\"isError\":false")) {
                    answered.add(agent);
                }
            }
        } catch (IOException | RuntimeException e) {
            // killed under this reader: what it was answered before is what counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String openSession(String mcpUrl, String secret) throws IOException, InterruptedException {
        HttpResponse<String> init = post(mcpUrl, secret, null, """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"kill-test","version":"1"}}}""");
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(mcpUrl, secret, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    private HttpResponse<String> post(String url, String secret, String session, String body)
            throws IOException, InterruptedException {
        return post(url, secret, session, body, "kill-test");
    }

    private HttpResponse<String> post(String url, String secret, String session, String body, String agent)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("X-Client-Key", secret)
                .header("User-Agent", agent)
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String admin(String base, String token, String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response.body();
    }

    private String get(String base, String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private Process startServer(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.fluxbase.mcp.FluxbaseMain", "start", "--port", String.valueOf(port), "--data-dir",
                dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.environment().remove("FLUXBASE_DATA_DIR");
        return builder.start();
    }

    private void awaitHealthy(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server process (see %s)", dataDir.resolve("server.log")).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/mcp/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not become healthy; see " + dataDir.resolve("server.log"));
    }

    private static Connection connect(String url) throws SQLException {
        URI uri = URI.create(url);
        String[] user = uri.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                user[0], user.length > 1 ? user[1] : "");
    }

    private static List<Long> longs(Connection db, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private static long single(Connection db, String sql) {
        try {
            return longs(db, sql).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
