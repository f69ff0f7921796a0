package io.fluxbase.mcp.storage;

import static io.fluxbase.mcp.support.ChildServer.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.ChildServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL while 6 clients upload files: after a restart, every upload answered with success is there with the content
 * it was answered for (the stored bytes hash to it), each file has exactly one FileUploaded event and its call one
 * record, and no event names a file that is not there.
 */
class KillDuringUploadsIntegrationTest {

    static final int CLIENTS = 6;
    static final Pattern SHA256 = Pattern.compile("\\\\?\"sha256\\\\?\":\\s*\\\\?\"([0-9a-f]{64})");

    ChildServer server;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    record Acknowledged(String path, String sha256) {
    }

    @Test
    void everyAnsweredUploadSurvivesWithItsContentAndEventAndNothingElseDoes() throws Exception {
        server = ChildServer.start();
        server.admin("/admin/v1/storage/buckets", Map.of("name", "crash"));
        String secret = server.createKey(Map.of("name", "uploader", "type", "service",
                "scopes", List.of("write:storage"), "rate_limit_per_min", 1_000_000));

        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().start(() -> uploadUntilKilled(secret, client, acknowledged, killed)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (acknowledged.size() < 150 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        killed.set(true);
        server.kill();
        for (Thread thread : clients) {
            thread.join(Duration.ofSeconds(30));
        }
        assertThat(acknowledged).as("uploads answered before the kill").hasSizeGreaterThanOrEqualTo(30);

        server.restart();
        try (Connection db = server.database()) {
            Map<String, String> stored = new HashMap<>();
            try (ResultSet rs = db.createStatement().executeQuery("""
                    SELECT o.name, encode(sha256(c.data), 'hex') FROM storage.objects o
                    JOIN fluxbase_storage.contents c ON c.sha256 = o.sha256 WHERE o.bucket_id = 'crash'""")) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getString(2));
                }
            }
            for (Acknowledged ack : acknowledged) {
                assertThat(stored.get(ack.path())).as("answered upload %s", ack.path()).isEqualTo(ack.sha256());
            }
            assertThat(single(db, "SELECT count(*) FROM storage.objects o WHERE NOT EXISTS (SELECT 1 FROM"
                    + " fluxbase_storage.contents c WHERE c.sha256 = o.sha256 AND c.data IS NOT NULL)"))
                    .as("files without their content").isZero();
            String uploadEvents = "SELECT convert_from(e.payload, 'UTF8')::jsonb FROM fluxbase.domain_event_entry e"
                    + " WHERE e.payload_type LIKE '%FileUploadedEvent'";
            assertThat(single(db, "SELECT count(*) FROM (" + uploadEvents + ") u(p) WHERE NOT EXISTS (SELECT 1 FROM"
                    + " storage.objects o WHERE o.bucket_id = u.p ->> 'bucket' AND o.name = u.p ->> 'path'"
                    + " AND o.sha256 = u.p ->> 'sha256')")).as("upload events without their file").isZero();
            assertThat(single(db, "SELECT count(*) FROM storage.objects o WHERE o.bucket_id = 'crash' AND (SELECT"
                    + " count(*) FROM (" + uploadEvents + ") u(p) WHERE u.p ->> 'path' = o.name) <> 1"))
                    .as("files without exactly one upload event").isZero();
            assertThat(single(db, "SELECT count(*) FROM (" + uploadEvents + ") u(p) WHERE (SELECT count(*) FROM"
                    + " fluxbase.domain_event_entry r WHERE r.payload_type LIKE '%CallRecordedEvent' AND"
                    + " convert_from(r.payload, 'UTF8')::jsonb -> 'record' ->> 'callId' = u.p ->> 'callId') <> 1"))
                    .as("upload events without exactly one call record").isZero();
        }
    }

    private void uploadUntilKilled(String secret, int client, ConcurrentLinkedQueue<Acknowledged> acks,
            AtomicBoolean killed) {
        try {
            String session = server.openSession(secret);
            for (int seq = 1; !killed.get() && seq < 100_000; seq++) {
                String path = "c" + client + "/file-" + seq + ".txt";
                String content = ("client " + client + " file " + seq + " ").repeat(20 + seq % 200);
                HttpResponse<String> answer = server.post(secret, session, """
                        {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"upload_file","arguments":
                         {"bucket":"crash","path":"%s","content":"%s"}}}""".formatted(seq, path, content), "kill-test");
                if (answer.statusCode() == 200 && answer.body().contains("\"isError\":false")) {
                    Matcher sha = SHA256.matcher(answer.body());
                    if (sha.find()) {
                        acks.add(new Acknowledged(path, sha.group(1)));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the server was killed under this client: what it answered before is what counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
