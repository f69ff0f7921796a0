package io.fluxbase.mcp.cli;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** fluxbase storage against a real server: buckets through their life, files copied in and out byte for byte. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageCliIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Run fluxbase(String... args) {
        return FluxbaseCommand.run(server, args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBucketThroughItsWholeLife() {
        Map<String, Object> created = json(fluxbase("storage", "buckets", "create", "reports", "--max-file-size",
                "10MB", "--allowed-types", "text/*,application/pdf", "-o", "json"));
        assertThat(created).containsEntry("name", "reports").containsEntry("public", false)
                .containsEntry("max_file_size", 10 * 1024 * 1024)
                .containsEntry("allowed_types", List.of("text/*", "application/pdf"));
        Run again = fluxbase("storage", "buckets", "create", "reports");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("already exists");

        assertThat(fluxbase("storage", "buckets", "list").out()).contains("reports").contains("10 MiB");
        Map<String, Object> updated = json(fluxbase("storage", "buckets", "update", "reports", "--public",
                "--max-file-size", "none", "-o", "json"));
        assertThat(updated).containsEntry("public", true).containsEntry("max_file_size", null)
                .containsEntry("allowed_types", List.of("text/*", "application/pdf"));
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%Bucket%Event' AND convert_from(payload, 'UTF8') LIKE '%\"reports\"%'")).isEqualTo(2);

        Run missing = fluxbase("storage", "buckets", "get", "nope");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("no bucket named 'nope'");
    }

    @Test
    void filesGoInAndComeBackByteForByte(@TempDir Path dir) throws Exception {
        json(fluxbase("storage", "buckets", "create", "data", "-o", "json"));
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(bytes);
        Path local = Files.write(dir.resolve("blob.bin"), bytes);

        Map<String, Object> uploaded = json(fluxbase("storage", "cp", local.toString(), "data/2026/blob.bin",
                "-o", "json"));
        assertThat(uploaded).containsEntry("sha256", sha256(bytes)).containsEntry("size", bytes.length);
        Run exists = fluxbase("storage", "cp", local.toString(), "data/2026/blob.bin");
        assertThat(exists.exit()).isNotZero();
        assertThat(exists.err()).contains("already exists").contains("upsert");

        assertThat(fluxbase("storage", "ls", "data/2026/").out()).contains("blob.bin");
        var badLimit = server.adminRaw("GET", "/admin/v1/storage/files/data?limit=lots", null);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("limit: expected a whole number");
        Path back = dir.resolve("back.bin");
        assertThat(fluxbase("storage", "cp", "data/2026/blob.bin", back.toString()).exit()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(bytes);

        Run refused = fluxbase("storage", "buckets", "delete", "data");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("holds 1 file").contains("--force");

        assertThat(fluxbase("storage", "rm", "data/2026/blob.bin").exit()).isZero();
        Run gone = fluxbase("storage", "rm", "data/2026/blob.bin");
        assertThat(gone.exit()).isNotZero();
        assertThat(gone.err() + gone.out()).contains("2026/blob.bin");
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%FileDeletedEvent' AND convert_from(payload, 'UTF8') LIKE '%2026/blob.bin%'")).isOne();
        assertThat(json(fluxbase("storage", "buckets", "delete", "data", "-o", "json")))
                .containsEntry("files_removed", 0);
    }

    @Test
    void aForcedDeleteRemovesTheFilesWithTheBucket(@TempDir Path dir) throws Exception {
        json(fluxbase("storage", "buckets", "create", "scratch", "-o", "json"));
        Path note = Files.writeString(dir.resolve("note.txt"), "scratch");
        json(fluxbase("storage", "cp", note.toString(), "scratch/a/note.txt", "-o", "json"));
        json(fluxbase("storage", "cp", note.toString(), "scratch/b/note.txt", "-o", "json"));
        assertThat(json(fluxbase("storage", "buckets", "delete", "scratch", "--force", "-o", "json")))
                .containsEntry("files_removed", 2);
        assertThat(server.count("SELECT count(*) FROM storage.objects WHERE bucket_id = 'scratch'")).isZero();
    }

    /** The routes decode the bucket's segment and drop its matrix parameters; the file's path must start after it. */
    @Test
    void aFilePathStartsAfterTheBucketHoweverTheBucketIsSpelled(@TempDir Path dir) throws Exception {
        json(fluxbase("storage", "buckets", "create", "keep", "-o", "json"));
        Path wanted = Files.writeString(dir.resolve("wanted.txt"), "the file asked for");
        Path bystander = Files.writeString(dir.resolve("bystander.txt"), "a file nobody named");
        json(fluxbase("storage", "cp", wanted.toString(), "keep/notes/a.txt", "-o", "json"));
        json(fluxbase("storage", "cp", bystander.toString(), "keep/ep/notes/a.txt", "-o", "json"));

        var read = server.adminRaw("GET", "/admin/v1/storage/files/keep;v=1/notes/a.txt", null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("the file asked for");

        var deleted = server.adminRaw("DELETE", "/admin/v1/storage/files/%6Beep/notes/a.txt", null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM storage.objects WHERE bucket_id = 'keep'"
                + " AND name = 'notes/a.txt'")).isZero();
        assertThat(server.count("SELECT count(*) FROM storage.objects WHERE bucket_id = 'keep'"
                + " AND name = 'ep/notes/a.txt'")).isOne();
    }

    /**
     * A key can upload an HTML page; the operator who opens its download address while signed in to the dashboard
     * must be handed a file to save, not a page that runs its script on the dashboard's origin.
     */
    @Test
    void aDownloadedPageIsSavedNotShown(@TempDir Path dir) throws Exception {
        json(fluxbase("storage", "buckets", "create", "pages", "-o", "json"));
        Path page = Files.writeString(dir.resolve("report.html"),
                "<script>fetch('/dashboard/api/session').then(r => r.json())</script>");
        json(fluxbase("storage", "cp", page.toString(), "pages/r/report.html", "-o", "json"));

        var read = server.adminRaw("GET", "/admin/v1/storage/files/pages/r/report.html", null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(read.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("attachment").contains("report.html"));
        assertThat(read.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(read.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("sandbox").contains("default-src 'none'"));
        assertThat(read.body()).startsWith("<script>");
        Path saved = dir.resolve("saved.html");
        json(fluxbase("storage", "cp", "pages/r/report.html", saved.toString(), "-o", "json"));
        assertThat(Files.readString(saved)).isEqualTo(Files.readString(page));
    }

    /** A file stored with a type Spring will not parse (before uploads were checked) still downloads, as bytes. */
    @Test
    void aFileWithATypeHttpCannotCarryStillDownloads(@TempDir Path dir) throws Exception {
        json(fluxbase("storage", "buckets", "create", "typed", "-o", "json"));
        Path file = Files.writeString(dir.resolve("old.txt"), "stored long ago");
        json(fluxbase("storage", "cp", file.toString(), "typed/old.txt", "-o", "json"));
        try (var connection = server.database(); var update = connection.prepareStatement(
                "UPDATE storage.objects SET content_type = 'text/plain; charset=bogus' WHERE bucket_id = 'typed'")) {
            assertThat(update.executeUpdate()).isOne();
        }

        var read = server.adminRaw("GET", "/admin/v1/storage/files/typed/old.txt", null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(read.body()).isEqualTo("stored long ago");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
