package io.fluxbase.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.cli.json.CliJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code fluxbase storage ls|cp|rm} against {@link FakeAdminApi}, with real files on disk for cp. */
class StorageFileCommandsTest {

    private static final String FILES = "/admin/v1/storage/files";
    private static final int THREE_MIB = 3 * 1024 * 1024;

    @TempDir
    Path home;

    private FakeAdminApi api;

    @BeforeEach
    void startApi() throws IOException {
        api = new FakeAdminApi();
        Path dataDir = Files.createDirectories(home.resolve(".fluxbase"));
        Files.writeString(dataDir.resolve("server.json"), "{\"url\":\"" + api.url() + "\"}");
        Files.writeString(dataDir.resolve("admin-token"), "admin-secret\n");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private CliRun.Result run(String... args) {
        return CliRun.run(CliRun.environment(Map.of(), home), args);
    }

    private static JsonNode json(String text) {
        return CliJson.MAPPER.readTree(text);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String file(String name, long size, String type) {
        return """
                {"name":"%s","size":%d,"content_type":"%s","sha256":"ab12","updated_at":"2026-11-30T10:00:00Z"}"""
                .formatted(name, size, type);
    }

    @Test
    void lsFollowsTheCursorUntilTheLastPage() {
        api.answer("GET", FILES + "/docs", 200, "{\"bucket\":\"docs\",\"files\":[" + file("2026/a.pdf", 2048,
                        "application/pdf") + "],\"next_cursor\":\"c1\"}")
                .answer("GET", FILES + "/docs", 200, "{\"bucket\":\"docs\",\"files\":[" + file("2026/b.txt", 12,
                        "text/plain") + "],\"next_cursor\":null}");

        CliRun.Result result = run("storage", "ls", "docs/2026/");

        assertThat(api.requests()).extracting(FakeAdminApi.Request::query).containsExactly(
                "prefix=2026%2F&limit=1000", "prefix=2026%2F&limit=1000&cursor=c1");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                NAME        SIZE   TYPE             UPDATED
                2026/a.pdf  2 KiB  application/pdf  2026-11-30 10:00:00
                2026/b.txt  12 B   text/plain       2026-11-30 10:00:00
                """);
    }

    @Test
    void lsStopsAtTheLimitAndItsJsonKeepsTheCursor() {
        api.answer("GET", FILES + "/docs", 200, "{\"bucket\":\"docs\",\"files\":[" + file("a", 1, "text/plain")
                + "],\"next_cursor\":\"c1\"}");

        CliRun.Result result = run("storage", "ls", "docs", "--limit", "1", "-o", "json");

        assertThat(api.onlyRequest().query()).isEqualTo("limit=1");
        assertThat(json(result.out())).isEqualTo(json("{\"bucket\":\"docs\",\"files\":[" + file("a", 1, "text/plain")
                + "],\"next_cursor\":\"c1\"}"));
    }

    @Test
    void cpUploadsTheRawBytesOfA3MibFile() throws Exception {
        byte[] bytes = randomBytes(THREE_MIB);
        Path local = Files.write(home.resolve("my report.txt"), bytes);
        String stored = """
                {"bucket":"docs","path":"2026/my report.txt","size":%d,"content_type":"text/plain","sha256":"%s",
                 "created_at":"2026-11-30T12:00:00Z","updated_at":"2026-11-30T12:00:00Z"}"""
                .formatted(THREE_MIB, sha256(bytes));
        api.answer("PUT", FILES + "/docs/2026/my%20report.txt", 201, stored);

        CliRun.Result result = run("storage", "cp", local.toString(), "docs/2026/", "--upsert");

        FakeAdminApi.Request request = api.onlyRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo(FILES + "/docs/2026/my%20report.txt");
        assertThat(request.query()).isEqualTo("upsert=true");
        assertThat(request.contentType()).isEqualTo("text/plain");
        assertThat(sha256(request.bytes())).isEqualTo(sha256(bytes));
        assertThat(result.exitCode()).isZero();
        // The test clock stands still, so the transfer counts as quick: no progress bar.
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("uploaded " + local + " to docs/2026/my report.txt (3 MiB, text/plain)\n");
    }

    @Test
    void cpUploadSendsTheGivenContentTypeAndPrintsTheApisJson() throws IOException {
        Path local = Files.write(home.resolve("data.bin"), new byte[] {1, 2, 3});
        String stored = """
                {"bucket":"docs","path":"data.bin","size":3,"content_type":"image/png","sha256":"x",
                 "created_at":"2026-11-30T12:00:00Z","updated_at":"2026-11-30T12:00:00Z"}""";
        api.answer("PUT", FILES + "/docs/data.bin", 201, stored);

        CliRun.Result result = run("storage", "cp", local.toString(), "docs/data.bin", "--content-type", "image/png",
                "-o", "json");

        assertThat(api.onlyRequest().contentType()).isEqualTo("image/png");
        assertThat(api.onlyRequest().query()).isEmpty();
        assertThat(json(result.out())).isEqualTo(json(stored));
    }

    @Test
    void cpDownloadsA3MibFileIntoADirectoryByteForByte() throws Exception {
        byte[] bytes = randomBytes(THREE_MIB);
        api.answerBytes("GET", FILES + "/docs/2026/photo.png", 200, bytes,
                Map.of("Content-Type", "image/png", "X-Fluxbase-Sha256", sha256(bytes)));
        Path downloads = Files.createDirectories(home.resolve("downloads"));

        CliRun.Result result = run("storage", "cp", "docs/2026/photo.png", downloads.toString());

        Path written = downloads.resolve("photo.png");
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(sha256(Files.readAllBytes(written))).isEqualTo(sha256(bytes));
        assertThat(result.out()).isEqualTo("downloaded docs/2026/photo.png to " + written
                + " (3 MiB, SHA-256 checked)\n");
        try (var left = Files.list(downloads)) {
            assertThat(left.map(path -> path.getFileName().toString()).toList()).containsExactly("photo.png");
        }
    }

    @Test
    void cpDownloadToANamedFileWithJsonOutput() throws Exception {
        byte[] bytes = "hello\n".getBytes();
        api.answerBytes("GET", FILES + "/docs/a.txt", 200, bytes,
                Map.of("Content-Type", "text/plain", "X-Fluxbase-Sha256", sha256(bytes)));
        Path target = home.resolve("copy.txt");

        CliRun.Result result = run("storage", "cp", "docs/a.txt", target.toString(), "-o", "json");

        assertThat(Files.readString(target)).isEqualTo("hello\n");
        assertThat(result.err()).isEmpty();
        assertThat(json(result.out())).isEqualTo(CliJson.MAPPER.createObjectNode().put("bucket", "docs")
                .put("path", "a.txt").put("file", target.toString()).put("size", 6).put("content_type", "text/plain")
                .put("sha256", sha256(bytes)));
    }

    @Test
    void cpRefusesADownloadWhoseSha256DiffersAndLeavesTheTargetAlone() throws Exception {
        api.answerBytes("GET", FILES + "/docs/a.txt", 200, "tampered".getBytes(),
                Map.of("Content-Type", "text/plain", "X-Fluxbase-Sha256", sha256("original".getBytes())));
        Path target = Files.writeString(home.resolve("a.txt"), "old");

        CliRun.Result result = run("storage", "cp", "docs/a.txt", target.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("fluxbase: the copy of docs/a.txt is damaged: its SHA-256 is "
                + sha256("tampered".getBytes()) + " but the server sent " + sha256("original".getBytes()));
        assertThat(Files.readString(target)).isEqualTo("old");
        try (var left = Files.list(home)) {
            assertThat(left.map(path -> path.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("a.txt", ".fluxbase");
        }
    }

    @Test
    void cpShowsTheServersRefusalOfADownload() {
        api.answer("GET", FILES + "/docs/nope.txt", 404,
                "{\"error\":{\"code\":\"file_not_found\",\"message\":\"no file 'nope.txt' in bucket 'docs'\"}}");

        CliRun.Result result = run("storage", "cp", "docs/nope.txt", home.resolve("nope.txt").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: no file 'nope.txt' in bucket 'docs'\n");
        assertThat(home.resolve("nope.txt")).doesNotExist();
    }

    @Test
    void cpOfAMissingLocalFileSendsNothing() {
        CliRun.Result result = run("storage", "cp", home.resolve("missing.txt").toString(), "docs/missing.txt");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: " + home.resolve("missing.txt") + " does not exist\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void rmOfOneFileSendsADelete() {
        api.answer("DELETE", FILES + "/docs/2026/a%20b.pdf", 200,
                "{\"bucket\":\"docs\",\"removed\":[{\"path\":\"2026/a b.pdf\",\"size\":10}],\"not_found\":[]}");

        CliRun.Result result = run("storage", "rm", "docs/2026/a b.pdf");

        assertThat(api.onlyRequest().method()).isEqualTo("DELETE");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("removed docs/2026/a b.pdf\n");
    }

    @Test
    void rmOfSeveralFilesPostsThemAndFailsNamingWhatWasNotFound() {
        String answer = "{\"bucket\":\"docs\",\"removed\":[{\"path\":\"a.txt\"}],\"not_found\":[\"b.txt\",\"c.txt\"]}";
        api.answer("POST", FILES + "/docs/delete", 200, answer);

        CliRun.Result result = run("storage", "rm", "docs/a.txt", "docs/b.txt", "docs/c.txt");
        CliRun.Result asJson = run("storage", "rm", "docs/a.txt", "docs/b.txt", "docs/c.txt", "-o", "json");

        assertThat(json(api.requests().getFirst().body()))
                .isEqualTo(json("{\"paths\":[\"a.txt\",\"b.txt\",\"c.txt\"]}"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("removed docs/a.txt\n");
        assertThat(result.err()).isEqualTo("fluxbase: not found in bucket 'docs': b.txt, c.txt\n");
        assertThat(asJson.exitCode()).isEqualTo(1);
        assertThat(json(asJson.out())).isEqualTo(json(answer));
        assertThat(api.requests()).extracting(FakeAdminApi.Request::method).isEqualTo(List.of("POST", "POST"));
    }
}
