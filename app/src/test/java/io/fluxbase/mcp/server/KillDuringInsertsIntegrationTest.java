package io.fluxbase.mcp.server;

import static io.fluxbase.mcp.support.ChildServer.longs;
import static io.fluxbase.mcp.support.ChildServer.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.ChildServer;
import io.fluxbase.mcp.support.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * and the projections catch up. The server runs as a real child process, killed with SIGKILL, and its database then
 * crashes too (immediate shutdown), so the projections' unflushed asynchronous commits are lost and replayed.
 */
class KillDuringInsertsIntegrationTest {

    static final String USER = "33333333-3333-3333-3333-333333333333";
    static final int CLIENTS = 8;
    static final int READERS = 4;

    ChildServer server;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    record Acknowledged(int client, int seq, long id) {
    }

    @Test
    void everyAnsweredInsertSurvivesWithItsEventAndRecordAndNothingElseDoes() throws Exception {
        server = ChildServer.start();
        server.admin("/admin/v1/db/apply", Map.of("sql", """
                CREATE TABLE public.crash_items (id bigserial PRIMARY KEY, client int NOT NULL, seq int NOT NULL,
                    owner uuid NOT NULL DEFAULT auth.uid(), UNIQUE (client, seq));
                ALTER TABLE public.crash_items ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "insert own" ON public.crash_items FOR INSERT WITH CHECK (auth.uid() = owner);
                CREATE POLICY "read own" ON public.crash_items FOR SELECT USING (auth.uid() = owner);
                """));
        String secret = server.createKey(Map.of("name", "crash", "type", "anon",
                "scopes", List.of("write:tables", "read:tables"), "user_id", USER, "rate_limit_per_min", 1_000_000));

        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().start(() -> insertUntilKilled(secret, client,
                    acknowledged, killed)));
        }
        ConcurrentLinkedQueue<String> answeredReads = new ConcurrentLinkedQueue<>();
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            clients.add(Thread.ofPlatform().start(() -> readUntilKilled(secret, reader,
                    answeredReads, killed)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        killed.set(true);
        long killedPid = server.kill();
        for (Thread thread : clients) {
            thread.join(Duration.ofSeconds(30));
        }
        assertThat(acknowledged).as("inserts answered before the kill").hasSizeGreaterThanOrEqualTo(50);
        assertThat(answeredReads).as("reads answered before the kill").hasSizeGreaterThanOrEqualTo(20);

        server.crashDatabase();
        server.restart();
        try (Connection db = server.database()) {
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

    private void insertUntilKilled(String secret, int client, ConcurrentLinkedQueue<Acknowledged> acks,
            AtomicBoolean killed) {
        try {
            String session = server.openSession(secret);
            for (int seq = 1; !killed.get() && seq < 100_000; seq++) {
                HttpResponse<String> answer = server.post(secret, session, """
                        {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"insert_record","arguments":
                         {"table":"crash_items","data":{"client":%d,"seq":%d},"returning":["id"]}}}"""
                        .formatted(seq, client, seq), "kill-test");
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

    private void readUntilKilled(String secret, int reader, ConcurrentLinkedQueue<String> answered,
            AtomicBoolean killed) {
        try {
            String session = server.openSession(secret);
            for (int seq = 1; !killed.get() && seq < 100_000; seq++) {
                String agent = "kill-read-" + reader + "-" + seq;
                HttpResponse<String> answer = server.post(secret, session, """
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
}
