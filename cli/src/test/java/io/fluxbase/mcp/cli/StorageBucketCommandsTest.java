package io.fluxbase.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.cli.json.CliJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code fluxbase storage buckets ...} against {@link FakeAdminApi}: the requests sent and what is printed. */
class StorageBucketCommandsTest {

    private static final String BUCKETS = "/admin/v1/storage/buckets";
    private static final String DOCS = """
            {"name":"docs","public":false,"max_file_size":10485760,"allowed_types":["image/*","text/plain"],
             "files":3,"bytes":1234,"created_at":"2026-11-30T09:00:00Z","updated_at":"2026-11-30T10:00:00Z"}""";
    private static final String AVATARS = """
            {"name":"avatars","public":true,"max_file_size":null,"allowed_types":[],
             "files":0,"bytes":0,"created_at":"2026-11-29T09:00:00Z","updated_at":"2026-11-29T09:00:00Z"}""";

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

    @Test
    void createSendsTheRulesAsTypedAndShowsTheBucket() {
        api.answer("POST", BUCKETS, 201, DOCS);

        CliRun.Result result = run("storage", "buckets", "create", "docs", "--max-file-size", "10MB",
                "--allowed-types", "image/*, text/plain");

        FakeAdminApi.Request request = api.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(BUCKETS);
        assertThat(request.authorization()).isEqualTo("Bearer admin-secret");
        assertThat(json(request.body())).isEqualTo(json("""
                {"name":"docs","public":false,"max_file_size":"10MB","allowed_types":["image/*","text/plain"]}"""));
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                created bucket 'docs'

                Name:           docs
                Public:         no
                Max file size:  10 MiB
                Allowed types:  image/*,text/plain
                Files:          3
                Bytes:          1.2 KiB
                Created:        2026-11-30 09:00:00
                Updated:        2026-11-30 10:00:00
                """);
    }

    @Test
    void createLeavesOutWhatWasNotGivenAndPrintsJson() {
        api.answer("POST", BUCKETS, 201, AVATARS);

        CliRun.Result result = run("storage", "buckets", "create", "avatars", "--public", "-o", "json");

        assertThat(json(api.onlyRequest().body())).isEqualTo(json("{\"name\":\"avatars\",\"public\":true}"));
        assertThat(result.exitCode()).isZero();
        assertThat(json(result.out())).isEqualTo(json(AVATARS));
        assertThat(result.out()).startsWith("{\n  \"name\": \"avatars\",");
    }

    @Test
    void listShowsATableForPeopleAndTheApisJsonForScripts() {
        api.answer("GET", BUCKETS, 200, "{\"buckets\":[" + DOCS + "," + AVATARS + "]}");

        CliRun.Result table = run("storage", "buckets", "list");
        CliRun.Result asJson = run("storage", "buckets", "list", "-o", "json");

        assertThat(api.requests()).extracting(FakeAdminApi.Request::method).containsExactly("GET", "GET");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).isEqualTo("""
                NAME     PUBLIC  MAX FILE SIZE  ALLOWED TYPES       FILES  BYTES    CREATED
                docs     no      10 MiB         image/*,text/plain  3      1.2 KiB  2026-11-30 09:00:00
                avatars  yes     -              any                 0      0 B      2026-11-29 09:00:00
                """);
        assertThat(json(asJson.out())).isEqualTo(json("{\"buckets\":[" + DOCS + "," + AVATARS + "]}"));
    }

    @Test
    void listWithoutBucketsSaysHowToCreateOne() {
        api.answer("GET", BUCKETS, 200, "{\"buckets\":[]}");

        assertThat(run("storage", "buckets", "list").out())
                .isEqualTo("no buckets yet; create one with 'fluxbase storage buckets create NAME'\n");
    }

    @Test
    void getShowsOneBucketOrTheServersRefusal() {
        api.answer("GET", BUCKETS + "/avatars", 200, AVATARS);
        api.answer("GET", BUCKETS + "/nope", 404,
                "{\"error\":{\"code\":\"bucket_not_found\",\"message\":\"no bucket named 'nope'\"}}");

        CliRun.Result found = run("storage", "buckets", "get", "avatars");
        CliRun.Result missing = run("storage", "buckets", "get", "nope");

        assertThat(found.out()).contains("Public:         yes\n").contains("Max file size:  no limit\n")
                .contains("Allowed types:  any\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("fluxbase: no bucket named 'nope'\n");
    }

    @Test
    void updateSendsOnlyTheGivenFields() {
        api.answer("PATCH", BUCKETS + "/docs", 200, DOCS);

        CliRun.Result result = run("storage", "buckets", "update", "docs", "--public", "--max-file-size", "2MB");

        FakeAdminApi.Request request = api.onlyRequest();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.path()).isEqualTo(BUCKETS + "/docs");
        assertThat(json(request.body())).isEqualTo(json("{\"public\":true,\"max_file_size\":\"2MB\"}"));
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("updated bucket 'docs'\n\nName:           docs\n");
    }

    @Test
    void updateClearsTheLimitsWithNoneAndAny() {
        api.answer("PATCH", BUCKETS + "/docs", 200, DOCS);

        CliRun.Result result = run("storage", "buckets", "update", "docs", "--private", "--max-file-size", "none",
                "--allowed-types", "any", "-o", "json");

        assertThat(json(api.onlyRequest().body()))
                .isEqualTo(json("{\"public\":false,\"max_file_size\":null,\"allowed_types\":[]}"));
        assertThat(json(result.out())).isEqualTo(json(DOCS));
    }

    @Test
    void deleteAsksForForceOnlyWhenGiven() {
        api.answer("DELETE", BUCKETS + "/docs", 200, "{\"name\":\"docs\",\"files_removed\":3}");

        CliRun.Result forced = run("storage", "buckets", "delete", "docs", "--force");
        CliRun.Result plain = run("storage", "buckets", "delete", "docs", "-o", "json");

        assertThat(api.requests()).extracting(FakeAdminApi.Request::method, FakeAdminApi.Request::query)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DELETE", "force=true"),
                        org.assertj.core.groups.Tuple.tuple("DELETE", ""));
        assertThat(forced.out()).isEqualTo("deleted bucket 'docs' and its 3 files\n");
        assertThat(json(plain.out())).isEqualTo(json("{\"name\":\"docs\",\"files_removed\":3}"));
    }
}
