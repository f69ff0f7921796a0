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

/** {@code fluxbase functions ...} against {@link FakeAdminApi}: the requests sent and what is printed. */
class FunctionCommandsTest {

    private static final String FUNCTIONS = "/admin/v1/functions";
    private static final String SCHEMA = """
            {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}}""";
    private static final String SEND_WELCOME = """
            {"name":"send-welcome","version":3,"sha256":"9f86d081884c7d65","description":"Sends the welcome mail to \
            a user who just signed up","timeout_ms":10000,"input_schema":%s,
             "deployed_at":"2026-12-03T10:00:00Z","invocations":12,"last_status":200}""".formatted(SCHEMA);
    private static final String NIGHTLY = """
            {"name":"nightly","version":1,"sha256":"2c26b46b68ffc68f","description":null,"timeout_ms":1500,
             "input_schema":null,"deployed_at":"2026-12-01T08:30:00Z","invocations":0,"last_status":null}""";

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
    void listShowsATableForPeopleAndTheApisJsonForScripts() {
        String answer = "{\"functions\":[" + SEND_WELCOME + "," + NIGHTLY + "]}";
        api.answer("GET", FUNCTIONS, 200, answer);

        CliRun.Result table = run("functions", "list");
        CliRun.Result asJson = run("functions", "list", "-o", "json");

        assertThat(api.requests()).extracting(FakeAdminApi.Request::method, FakeAdminApi.Request::path)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("GET", FUNCTIONS));
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).isEqualTo("""
                NAME          VERSION  DESCRIPTION                               TIMEOUT  DEPLOYED             \
                INVOCATIONS  LAST STATUS
                send-welcome  3        Sends the welcome mail to a user who ju…  10 s     2026-12-03 10:00:00  \
                12           200
                nightly       1        -                                         1500 ms  2026-12-01 08:30:00  \
                0            -
                """);
        assertThat(json(asJson.out())).isEqualTo(json(answer));
    }

    @Test
    void listWithoutFunctionsSaysHowToDeployOne() {
        api.answer("GET", FUNCTIONS, 200, "{\"functions\":[]}");

        assertThat(run("functions", "list").out())
                .isEqualTo("no functions yet; deploy one with 'fluxbase functions deploy NAME --file index.js'\n");
    }

    @Test
    void listAsCsvGivesEveryFieldUnderItsApiName() {
        api.answer("GET", FUNCTIONS, 200, "{\"functions\":[" + NIGHTLY + "]}");

        assertThat(run("functions", "list", "-o", "csv").out()).startsWith(
                "name,version,sha256,description,timeout_ms,input_schema,deployed_at,invocations,last_status");
    }

    @Test
    void getShowsOneFunctionWithItsSchemaOrTheServersRefusal() {
        api.answer("GET", FUNCTIONS + "/nightly", 200, NIGHTLY);
        api.answer("GET", FUNCTIONS + "/send-welcome", 200, SEND_WELCOME);
        api.answer("GET", FUNCTIONS + "/nope", 404,
                "{\"error\":{\"code\":\"function_not_found\",\"message\":\"no function named 'nope'\"}}");

        CliRun.Result found = run("functions", "get", "nightly");
        CliRun.Result asJson = run("functions", "get", "nightly", "-o", "json");
        CliRun.Result withSchema = run("functions", "get", "send-welcome");
        CliRun.Result missing = run("functions", "get", "nope");

        assertThat(found.exitCode()).isZero();
        assertThat(found.out()).isEqualTo("""
                Name:          nightly
                Version:       1
                SHA-256:       2c26b46b68ffc68f
                Description:   -
                Timeout:       1500 ms
                Input schema:  none
                Deployed:      2026-12-01 08:30:00
                Invocations:   0
                Last status:   -
                """);
        assertThat(json(asJson.out())).isEqualTo(json(NIGHTLY));
        assertThat(withSchema.out())
                .contains("Description:   Sends the welcome mail to a user who just signed up\n")
                .contains("Input schema:  {\"type\":\"object\",\"required\":[\"email\"],"
                        + "\"properties\":{\"email\":{\"type\":\"string\"}}}\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("fluxbase: no function named 'nope'\n");
    }

    @Test
    void deleteSendsDeleteAndConfirms() {
        api.answer("DELETE", FUNCTIONS + "/nightly", 200, "{\"name\":\"nightly\",\"deleted\":true}");

        CliRun.Result table = run("functions", "delete", "nightly");
        CliRun.Result asJson = run("functions", "delete", "nightly", "-o", "json");

        assertThat(api.requests()).extracting(FakeAdminApi.Request::method, FakeAdminApi.Request::path,
                FakeAdminApi.Request::body)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("DELETE", FUNCTIONS + "/nightly", ""));
        assertThat(table.out()).isEqualTo("deleted function 'nightly'\n");
        assertThat(json(asJson.out())).isEqualTo(json("{\"name\":\"nightly\",\"deleted\":true}"));
    }
}
