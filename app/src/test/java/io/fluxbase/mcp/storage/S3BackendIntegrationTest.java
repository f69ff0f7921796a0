package io.fluxbase.mcp.storage;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.command.storage.ContentCollector;
import io.fluxbase.mcp.support.S3MockServer;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 backend against a real S3-compatible server (S3Mock), through the MCP client as a user would. */
class S3BackendIntegrationTest {

    private static final String S3_BUCKET = "fluxbase-files";
    private static final String PREFIX = "content/";

    private static S3MockServer s3;
    private static TestServer server;
    private static S3Client store;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        // Users give credentials in the environment, which a test cannot set for its own JVM; the SDK's default
        // chain reads these system properties first, the same way.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        s3 = S3MockServer.start(S3_BUCKET);
        store = s3.client();
        server = TestServer.start(Map.of("FLUXBASE_STORAGE_BACKEND", "s3", "FLUXBASE_STORAGE_S3_ENDPOINT",
                s3.endpoint(), "FLUXBASE_STORAGE_S3_BUCKET", S3_BUCKET, "FLUXBASE_STORAGE_S3_PREFIX", PREFIX));
        server.applySql("INSERT INTO storage.buckets (id, name) VALUES ('docs', 'docs')");
        client = server.client(server.createKey("n", "service", "read:storage", "write:storage").secret());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void aFileGoesToTheObjectStoreAndComesBackWholeASliceAtATime() {
        byte[] content = random(1 << 20, 42);
        String sha256 = sha256(content);

        assertThat(upload("reports/blob.bin", content).get("sha256")).isEqualTo(sha256);

        assertThat(server.rows("SELECT size, data IS NULL AS elsewhere FROM fluxbase_storage.contents"
                + " WHERE sha256 = ?", sha256)).containsExactly(Map.of("size", (long) content.length, "elsewhere", true));
        assertThat(store.getObjectAsBytes(get -> get.bucket(S3_BUCKET).key(PREFIX + sha256)).asByteArray())
                .isEqualTo(content);

        ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
        long offset = 0;
        int calls = 0;
        while (true) {
            Map<String, Object> slice = call("download_file", Map.of("bucket", "docs", "path", "reports/blob.bin",
                    "offset", offset));
            calls++;
            assertThat(slice).containsEntry("sha256", sha256).containsEntry("encoding", "base64")
                    .containsEntry("offset", (int) offset);
            downloaded.writeBytes(Base64.getDecoder().decode((String) slice.get("content")));
            if (!(Boolean) slice.get("truncated")) {
                assertThat(slice.get("next_offset")).isNull();
                break;
            }
            offset = ((Number) slice.get("next_offset")).longValue();
            assertThat(offset).isEqualTo(downloaded.size());
        }
        assertThat(calls).as("a 1 MiB file takes several slices").isGreaterThan(1);
        assertThat(downloaded.toByteArray()).isEqualTo(content);
        assertThat(sha256(downloaded.toByteArray())).isEqualTo(sha256);
    }

    @Test
    void identicalContentIsStoredOnce() throws InterruptedException {
        byte[] content = random(64 * 1024, 7);
        String sha256 = sha256(content);
        upload("a/first.bin", content);
        Instant stored = store.headObject(head -> head.bucket(S3_BUCKET).key(PREFIX + sha256)).lastModified();
        Thread.sleep(1_100); // Last-Modified counts seconds: a second PUT would show

        upload("b/second.bin", content);

        assertThat(store.headObject(head -> head.bucket(S3_BUCKET).key(PREFIX + sha256)).lastModified())
                .as("the object was not written again").isEqualTo(stored);
        assertThat(store.listObjectsV2(list -> list.bucket(S3_BUCKET).prefix(PREFIX + sha256)).keyCount())
                .isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM fluxbase_storage.contents WHERE sha256 = ?", sha256))
                .isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM storage.objects WHERE sha256 = ?", sha256)).isEqualTo(2);
    }

    @Test
    void collectedContentLeavesTheObjectStoreToo() {
        byte[] content = random(4096, 99);
        String sha256 = sha256(content);
        upload("gc/only.bin", content);
        call("delete_file", Map.of("bucket", "docs", "path", "gc/only.bin"));
        assertThat(store.listObjectsV2(list -> list.bucket(S3_BUCKET).prefix(PREFIX + sha256)).keyCount()).isOne();

        server.server().context().getBean(ContentCollector.class).collect(java.time.Duration.ZERO);

        assertThat(store.listObjectsV2(list -> list.bucket(S3_BUCKET).prefix(PREFIX + sha256)).keyCount()).isZero();
        assertThat(server.count("SELECT count(*) FROM fluxbase_storage.contents WHERE sha256 = ?", sha256)).isZero();
    }

    /**
     * Content reaches the store before its file's transaction, where a policy may still refuse the file: a key
     * refused over and over must not fill the store for good. Such content is collected like any unreferenced one.
     */
    @Test
    void contentOfARefusedFileLeavesTheObjectStoreWithTheCollection() {
        McpSyncClient anon = server.client(server.createKey("no-policy", "anon", "write:storage").secret());
        byte[] content = random(8192, 1234);
        String sha256 = sha256(content);

        McpSchema.CallToolResult refused = anon.callTool(new McpSchema.CallToolRequest("upload_file", Map.of(
                "bucket", "docs", "path", "refused/" + sha256 + ".bin", "content",
                Base64.getEncoder().encodeToString(content), "encoding", "base64")));
        assertThat(refused.isError()).as("no storage policy lets an anon key add files").isTrue();
        assertThat(server.count("SELECT count(*) FROM storage.objects WHERE sha256 = ?", sha256)).isZero();

        server.server().context().getBean(ContentCollector.class).collect(java.time.Duration.ZERO);

        assertThat(store.listObjectsV2(list -> list.bucket(S3_BUCKET).prefix(PREFIX + sha256)).keyCount()).isZero();
        assertThat(server.count("SELECT count(*) FROM fluxbase_storage.contents WHERE sha256 = ?", sha256)).isZero();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void whenTheObjectStoreRefusesTheContentNoFileIsCommitted(CapturedOutput output) {
        try (TestServer misconfigured = TestServer.start(Map.of("FLUXBASE_STORAGE_BACKEND", "s3",
                "FLUXBASE_STORAGE_S3_ENDPOINT", s3.endpoint(), "FLUXBASE_STORAGE_S3_BUCKET", "no-such-bucket"))) {
            misconfigured.applySql("INSERT INTO storage.buckets (id, name) VALUES ('docs', 'docs')");
            McpSyncClient writer = misconfigured.client(misconfigured.createKey("w", "service", "write:storage")
                    .secret());

            // the caller hears that nothing was stored and to try later; the store's own answer is in the log
            McpSchema.CallToolResult refused = writer.callTool(new McpSchema.CallToolRequest("upload_file",
                    Map.of("bucket", "docs", "path", "refused.txt", "content", "hello")));
            assertThat(refused.isError()).isTrue();
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text())
                    .contains("object store refused").contains("nothing was stored").doesNotContain("no-such-bucket");
            assertThat(output.getAll()).contains("the object store did not take content")
                    .contains("'no-such-bucket'");
            TestServer.await("the refusal's record", () -> misconfigured.count("SELECT count(*) FROM"
                    + " fluxbase.audit_log WHERE error_code = 'storage_unavailable'") == 1);
            assertThat(misconfigured.count("SELECT count(*) FROM storage.objects")).isZero();
            // whether the object landed is unknown (a PUT can land and its answer be lost): the content stays entered
            // for the collector, which removes the object before it forgets the content
            assertThat(misconfigured.count("SELECT count(*) FROM fluxbase_storage.contents")).isOne();
        }
    }

    /**
     * Content entered earlier, and unreferenced since (its file deleted), has its object in the store. An upload of
     * the same bytes that the store then fails must not forget it: nothing could collect the object any more.
     */
    @Test
    void contentTheStoreFailedIsNotForgottenNorItsObjectLeftBehind() {
        try (TestServer unreachable = TestServer.start(Map.of("FLUXBASE_STORAGE_BACKEND", "s3",
                "FLUXBASE_STORAGE_S3_ENDPOINT", s3.endpoint(), "FLUXBASE_STORAGE_S3_BUCKET", "no-such-bucket"))) {
            unreachable.applySql("INSERT INTO storage.buckets (id, name) VALUES ('docs', 'docs')");
            byte[] content = random(2048, 4242);
            String sha256 = sha256(content);
            unreachable.executeAsServer("INSERT INTO fluxbase_storage.contents (sha256, size, created_at) VALUES ('"
                    + sha256 + "', 2048, now() - interval '2 hours')");
            McpSyncClient writer = unreachable.client(unreachable.createKey("w", "service", "write:storage")
                    .secret());

            McpSchema.CallToolResult refused = writer.callTool(new McpSchema.CallToolRequest("upload_file",
                    Map.of("bucket", "docs", "path", "again.bin", "content", Base64.getEncoder()
                            .encodeToString(content), "encoding", "base64")));
            assertThat(refused.isError()).isTrue();
            assertThat(unreachable.count("SELECT count(*) FROM fluxbase_storage.contents WHERE sha256 = ?", sha256))
                    .as("still known, so still collectable").isOne();

            // nor does the collector forget content whose object it could not remove
            unreachable.server().context().getBean(ContentCollector.class).collect(java.time.Duration.ZERO);
            assertThat(unreachable.count("SELECT count(*) FROM fluxbase_storage.contents WHERE sha256 = ?", sha256))
                    .as("kept for the next collection").isOne();
        }
    }

    /** The collector holds content's row while it removes the object: an upload of it waits a bounded time. */
    @Test
    void anUploadOfContentBeingCollectedWaitsABoundedTimeThenSaysToTryAgain() throws Exception {
        byte[] content = random(1024, 777);
        String sha256 = sha256(content);
        upload("held/once.bin", content);
        call("delete_file", Map.of("bucket", "docs", "path", "held/once.bin"));
        try (java.sql.Connection collector = server.database()) {
            collector.setAutoCommit(false);
            try (var hold = collector.prepareStatement(
                    "SELECT 1 FROM fluxbase_storage.contents WHERE sha256 = ? FOR UPDATE")) {
                hold.setString(1, sha256);
                hold.executeQuery().close();
            }
            long started = System.nanoTime();
            McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("upload_file",
                    Map.of("bucket", "docs", "path", "held/twice.bin", "content", Base64.getEncoder()
                            .encodeToString(content), "encoding", "base64")));
            long waited = (System.nanoTime() - started) / 1_000_000;
            collector.rollback();
            assertThat(refused.isError()).isTrue();
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text())
                    .contains("being removed from the object store").contains("Try again");
            assertThat(waited).as("ms the upload waited").isBetween(4_000L, 15_000L);
        }
        assertThat(upload("held/twice.bin", content)).as("once the row is free, the upload goes through")
                .containsEntry("path", "held/twice.bin");
    }

    private static Map<String, Object> upload(String path, byte[] content) {
        return call("upload_file", Map.of("bucket", "docs", "path", path, "content",
                Base64.getEncoder().encodeToString(content), "encoding", "base64", "content_type",
                "application/octet-stream"));
    }

    private static Map<String, Object> call(String tool, Map<String, Object> arguments) {
        return ok(client.callTool(new McpSchema.CallToolRequest(tool, arguments)));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
