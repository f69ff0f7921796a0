package io.fluxbase.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.cli.json.CliJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Runs commands against {@link FakeAdminApi}: checks the requests they send and what they print. */
class AdminApiCommandsTest {

    private static final String TOKEN = "admin-secret";
    private static final String KEY_ID = "6f1c2a9e-0b7d-4c1e-9a53-2f1e8d7c6b5a";
    private static final String KEY_JSON = """
            {"id":"%s","name":"ci-bot","type":"anon","scopes":["read:tables","read:schema"],
             "user_id":null,"prefix":"fbk_3kq9","status":"active","created_at":"2026-11-30T11:00:00Z",
             "expires_at":"2026-12-30T12:00:00Z","revoked_at":null,"last_used_at":null,
             "rate_limit_per_min":60%s}""";
    private static final String PLAINTEXT = "fbk_3kq9Zx81LmQ0pW7vT2rY";

    @TempDir
    Path home;

    private FakeAdminApi api;

    @BeforeEach
    void startApi() throws IOException {
        api = new FakeAdminApi();
        // The CLI finds the server the way it does on a real machine: through the data directory's files.
        Path dataDir = Files.createDirectories(home.resolve(".fluxbase"));
        Files.writeString(dataDir.resolve("server.json"),
                "{\"url\":\"" + api.url() + "\",\"mcp_url\":\"" + api.url() + "/mcp\",\"pid\":4242}");
        Files.writeString(dataDir.resolve("admin-token"), TOKEN + "\n");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private CliRun.Result run(String... args) {
        return CliRun.run(CliRun.environment(Map.of(), home), args);
    }

    private static String key(String extra) {
        return KEY_JSON.formatted(KEY_ID, extra);
    }

    private static JsonNode json(String text) {
        return CliJson.MAPPER.readTree(text);
    }

    @Test
    void createSendsTheKeyAndShowsThePlaintextOnce() {
        api.answer("POST", "/admin/v1/clientkeys", 201, key(",\"key\":\"" + PLAINTEXT + "\""));

        CliRun.Result result = run("clientkeys", "create", "--name", "ci-bot", "--type", "ANON",
                "--scopes", "read:tables, read:schema", "--expires", "30d", "--rate-limit", "60");

        FakeAdminApi.Request request = api.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/admin/v1/clientkeys");
        assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {"name":"ci-bot","type":"anon","scopes":["read:tables","read:schema"],"user_id":null,
                 "expires":"30d","rate_limit_per_min":60}"""));
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                ID:          %s
                Name:        ci-bot
                Type:        anon
                Status:      active
                Scopes:      read:tables, read:schema
                User:        -
                Prefix:      fbk_3kq9
                Created:     2026-11-30 11:00:00
                Expires:     2026-12-30 12:00:00
                Last used:   never
                Rate limit:  60 requests/min

                Client key (shown only now; it will not be shown again, so store it safely):
                  %s
                MCP clients send it in this HTTP header:
                  X-Client-Key: %s
                """.formatted(KEY_ID, PLAINTEXT, PLAINTEXT));
    }

    @Test
    void createWithJsonOutputPrintsTheServersAnswer() {
        String answer = key(",\"key\":\"" + PLAINTEXT + "\"");
        api.answer("POST", "/admin/v1/clientkeys", 201, answer);

        CliRun.Result result = run("clientkeys", "create", "--name", "ci-bot", "--type", "service",
                "--scopes", "read:tables", "--user", "123e4567-e89b-12d3-a456-426614174000", "-o", "json");

        assertThat(json(api.onlyRequest().body())).isEqualTo(json("""
                {"name":"ci-bot","type":"service","scopes":["read:tables"],
                 "user_id":"123e4567-e89b-12d3-a456-426614174000","expires":null,"rate_limit_per_min":null}"""));
        assertThat(result.exitCode()).isZero();
        assertThat(json(result.out())).isEqualTo(json(answer));
        assertThat(result.out()).startsWith("{\n  \"id\": ");
    }

    @Test
    void listShowsATable() {
        String revoked = """
                {"id":"k2","name":"old, laptop","type":"service","scopes":["read:tables"],"user_id":null,
                 "prefix":"fbk_a","status":"revoked","created_at":"2026-10-01T00:00:00Z","expires_at":null,
                 "revoked_at":"2026-11-01T00:00:00Z","last_used_at":"2026-11-30T11:55:00Z",
                 "rate_limit_per_min":null}""";
        api.answer("GET", "/admin/v1/clientkeys", 200, "{\"keys\":[" + key("") + "," + revoked + "]}");

        CliRun.Result result = run("clientkeys", "list");

        assertThat(api.onlyRequest().method()).isEqualTo("GET");
        assertThat(api.onlyRequest().authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                ID                                    NAME         TYPE     STATUS   SCOPES                   \
                LAST USED  EXPIRES
                %s  ci-bot       anon     active   read:tables,read:schema  never      2026-12-30 12:00:00
                k2                                    old, laptop  service  revoked  read:tables              \
                5m ago     never
                """.formatted(KEY_ID));
    }

    @Test
    void listAsCsvUsesTheApiFieldNames() {
        api.answer("GET", "/admin/v1/clientkeys", 200, "{\"keys\":[" + key("") + "]}");

        CliRun.Result result = run("clientkeys", "list", "-o", "csv");

        assertThat(result.out()).isEqualTo("""
                id,name,type,scopes,user_id,prefix,status,created_at,expires_at,revoked_at,last_used_at,\
                rate_limit_per_min
                %s,ci-bot,anon,"read:tables,read:schema",,fbk_3kq9,active,2026-11-30T11:00:00Z,\
                2026-12-30T12:00:00Z,,,60
                """.formatted(KEY_ID));
    }

    @Test
    void serverErrorMessagesAreShownVerbatimWithExitCode1() {
        api.answer("GET", "/admin/v1/clientkeys/nope", 404,
                "{\"error\":{\"code\":\"not_found\",\"message\":\"no client key with id 'nope'\"}}");

        CliRun.Result result = run("clientkeys", "get", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("fluxbase: no client key with id 'nope'\n");
    }

    @Test
    void revokeAndRotatePostToTheKeysPath() {
        api.answer("POST", "/admin/v1/clientkeys/" + KEY_ID + "/revoke", 200,
                key("").replace("\"active\"", "\"revoked\""));
        api.answer("POST", "/admin/v1/clientkeys/" + KEY_ID + "/rotate", 200,
                key(",\"key\":\"fbk_new\""));

        CliRun.Result revoked = run("clientkeys", "revoke", KEY_ID);
        CliRun.Result rotated = run("clientkeys", "rotate", KEY_ID, "-o", "csv");

        assertThat(api.requests()).extracting(FakeAdminApi.Request::method, FakeAdminApi.Request::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POST", "/admin/v1/clientkeys/" + KEY_ID + "/revoke"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/admin/v1/clientkeys/" + KEY_ID + "/rotate"));
        assertThat(revoked.out()).startsWith("revoked client key 'ci-bot'\n\nID:").contains("Status:      revoked");
        assertThat(rotated.out()).startsWith("id,name,").contains(",key\n").endsWith(",60,fbk_new\n");
    }

    @Test
    void logsListSendsTheFilterAndShowsATable() {
        api.answer("GET", "/admin/v1/logs", 200, """
                {"records":[
                 {"time":"2026-11-30T11:59:58.120Z","call_id":"c2","category":"mcp","key_id":"k1","key_name":"ci-bot",
                  "method":"tools/call","target":"query_table","outcome":"denied","error_code":"missing_scope",
                  "rows":null,"duration_ms":3,"client_name":"claude-code","client_version":"1.2.0"},
                 {"time":"2026-11-30T11:59:00Z","call_id":"c1","category":"mcp","key_id":"k1","key_name":"ci-bot",
                  "method":"tools/call","target":"list_tables","outcome":"ok","rows":12,"duration_ms":41,
                  "client_name":"claude-code","client_version":null}]}""");

        CliRun.Result result = run("logs", "list", "--since", "30m", "--key", "k1", "--status", "denied",
                "--limit", "50");

        FakeAdminApi.Request request = api.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/admin/v1/logs");
        assertThat(request.query()).isEqualTo("category=mcp&key=k1&status=denied&since=30m&limit=50");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                TIME                 OUTCOME  KEY     METHOD      TARGET       ROWS  MS  CLIENT
                2026-11-30 11:59:58  denied   ci-bot  tools/call  query_table  -     3   claude-code 1.2.0
                2026-11-30 11:59:00  ok       ci-bot  tools/call  list_tables  12    41  claude-code
                """);
    }

    @Test
    void logsListSendsRfc3339SinceAsTyped() {
        api.answer("GET", "/admin/v1/logs", 200, "{\"records\":[]}");

        CliRun.Result result = run("logs", "list", "--category", "auth", "--since", "2026-11-30T10:00:00+01:00");

        assertThat(api.onlyRequest().query())
                .isEqualTo("category=auth&since=2026-11-30T10%3A00%3A00%2B01%3A00&limit=100");
        assertThat(result.out()).isEqualTo("no auth records since 2026-11-30T10:00:00+01:00 that match\n");
    }

    @Test
    void logsTailPrintsEachRecordOnceAsJsonLines() {
        String first = "{\"time\":\"2026-11-30T11:59:00Z\",\"call_id\":\"c1\",\"outcome\":\"ok\"}";
        String second = "{\"time\":\"2026-11-30T11:59:30Z\",\"call_id\":\"c2\",\"outcome\":\"error\"}";
        api.answer("GET", "/admin/v1/logs", 200, "{\"records\":[" + first + "]}")
                .answer("GET", "/admin/v1/logs", 200, "{\"records\":[" + second + "," + first + "]}")
                .answer("GET", "/admin/v1/logs", 200, "{\"records\":[" + second + "]}");

        CliRun.Result result = CliRun.run(CliRun.environment(Map.of(), home, 2),
                "logs", "tail", "--key", "k1", "-o", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out().lines().map(AdminApiCommandsTest::json).toList())
                .containsExactly(json(first), json(second));
        List<String> queries = new ArrayList<>();
        api.requests().forEach(request -> queries.add(request.query()));
        assertThat(queries).containsExactly(
                "category=mcp&key=k1&since=24h&limit=10",
                "category=mcp&key=k1&since=2026-11-30T11%3A58%3A00Z&limit=1000",
                "category=mcp&key=k1&since=2026-11-30T11%3A58%3A30Z&limit=1000");
    }

    @Test
    void dbUrlPrintsTheBareUrlOrJson() {
        api.answer("GET", "/admin/v1/db/url", 200, "{\"url\":\"postgresql://fluxbase:pw@127.0.0.1:5432/fluxbase\"}");

        assertThat(run("db", "url").out()).isEqualTo("postgresql://fluxbase:pw@127.0.0.1:5432/fluxbase\n");
        assertThat(run("db", "url", "-o", "json").out())
                .isEqualTo("{\n  \"url\": \"postgresql://fluxbase:pw@127.0.0.1:5432/fluxbase\"\n}\n");
    }

    @Test
    void dbApplySendsTheFileAndReportsProgressOnStderr() throws IOException {
        Path schema = Files.writeString(home.resolve("schema.sql"), "create table a (id int);\n");
        api.answer("POST", "/admin/v1/db/apply", 200, "{\"statements\":3}");

        CliRun.Result result = run("db", "apply", "--file", schema.toString());

        assertThat(json(api.onlyRequest().body())).isEqualTo(CliJson.MAPPER.createObjectNode()
                .put("sql", "create table a (id int);\n").put("file", schema.toString()));
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEqualTo("applying " + schema + " ... done\n");
        assertThat(result.out()).isEqualTo("applied 3 statements from " + schema + "\n");
    }

    @Test
    void dbApplyShowsTheServersErrorForABadStatement() throws IOException {
        Path schema = Files.writeString(home.resolve("schema.sql"), "create tabel a (id int);\n");
        api.answer("POST", "/admin/v1/db/apply", 400, """
                {"error":{"code":"sql_error","message":"schema.sql line 1: syntax error at or near \\"tabel\\""}}""");

        CliRun.Result result = run("db", "apply", "--file", schema.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("applying " + schema + " ... failed\n"
                + "fluxbase: schema.sql line 1: syntax error at or near \"tabel\"\n");
    }

    @Test
    void anAnswerThatIsNotTheApisErrorShapeStillGivesOneClearLine() {
        api.answer("GET", "/admin/v1/clientkeys", 502, "<html>Bad Gateway</html>");

        CliRun.Result result = run("clientkeys", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: the server answered 502 to GET /admin/v1/clientkeys\n");
    }

    @Test
    void aServerThatIsNotRunningIsNamed() {
        String url = api.url();
        api.close();

        CliRun.Result result = run("clientkeys", "list", "--server", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: cannot reach the Fluxbase server at " + url
                + ": connection refused; is 'fluxbase start' running?\n");
    }
}
