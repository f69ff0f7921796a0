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
    private static final String SOURCE = """
            export default async function (request, context) {
              return { status: 200, body: { hello: request.body.email } };
            }
            """;
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

    private Path file(String name, String content) throws IOException {
        return Files.writeString(home.resolve(name), content);
    }

    private static JsonNode json(String text) {
        return CliJson.MAPPER.readTree(text);
    }

    @Test
    void deploySendsTheSourceAndTheParsedSchemaAndShowsTheFunction() throws IOException {
        api.answer("POST", FUNCTIONS, 201, SEND_WELCOME);
        Path source = file("index.js", SOURCE);
        Path schema = file("schema.json", SCHEMA);

        CliRun.Result result = run("functions", "deploy", "send-welcome", "--file", source.toString(),
                "--description", "Sends the welcome mail", "--timeout", "10s", "--input-schema", schema.toString());

        FakeAdminApi.Request request = api.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(FUNCTIONS);
        assertThat(request.authorization()).isEqualTo("Bearer admin-secret");
        assertThat(request.contentType()).isEqualTo("application/json");
        JsonNode body = json(request.body());
        assertThat(body.get("source").stringValue()).isEqualTo(SOURCE);
        assertThat(body).isEqualTo(json("""
                {"name":"send-welcome","source":%s,"description":"Sends the welcome mail","timeout":"10s",
                 "input_schema":%s}""".formatted(CliJson.compact(body.get("source")), SCHEMA)));
        assertThat(body.get("input_schema").isObject()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).isEqualTo("""
                deployed function 'send-welcome' version 3

                Name:          send-welcome
                Version:       3
                SHA-256:       9f86d081884c7d65
                Description:   Sends the welcome mail to a user who just signed up
                Timeout:       10 s
                Input schema:  {"type":"object","required":["email"],"properties":{"email":{"type":"string"}}}
                Deployed:      2026-12-03 10:00:00
                Invocations:   12
                Last status:   200
                """);
    }

    @Test
    void deployLeavesOutWhatWasNotGivenAndPrintsJson() throws IOException {
        api.answer("POST", FUNCTIONS, 201, NIGHTLY);
        Path source = file("nightly.js", "export default () => ({ status: 204 });\n");

        CliRun.Result result = run("functions", "deploy", "nightly", "-f", source.toString(), "-o", "json");

        assertThat(json(api.onlyRequest().body())).isEqualTo(json("""
                {"name":"nightly","source":"export default () => ({ status: 204 });\\n"}"""));
        assertThat(result.exitCode()).isZero();
        assertThat(json(result.out())).isEqualTo(json(NIGHTLY));
        assertThat(result.out()).startsWith("{\n  \"name\": \"nightly\",");
    }

    @Test
    void deployShowsTheServersSyntaxError() throws IOException {
        api.answer("POST", FUNCTIONS, 400, """
                {"error":{"code":"function_syntax_error",
                 "message":"index.mjs line 3, column 11: Expected an operand but found )"}}""");
        Path source = file("index.js", "export default function () {\n  return\n  1 + );\n}\n");

        CliRun.Result result = run("functions", "deploy", "broken", "--file", source.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo("fluxbase: index.mjs line 3, column 11: Expected an operand but found )\n");
    }

    @Test
    void deployRefusesAMissingSourceFileBeforeAnyRequest() {
        Path missing = home.resolve("nope.js");

        CliRun.Result result = run("functions", "deploy", "nightly", "--file", missing.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: --file: " + missing + " does not exist\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void deployRefusesASourceFileOverOneMebibyte() throws IOException {
        Path big = file("big.js", "//" + "x".repeat(1024 * 1024) + "\n");

        CliRun.Result result = run("functions", "deploy", "big", "--file", big.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: --file: " + big + " is 1048579 bytes;"
                + " the limit is 1 MiB (1048576 bytes)\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void deployRefusesASchemaFileThatIsNotJson() throws IOException {
        Path source = file("index.js", SOURCE);
        Path schema = file("schema.json", "{\"type\": object}");

        CliRun.Result result = run("functions", "deploy", "send-welcome", "--file", source.toString(),
                "--input-schema", schema.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: --input-schema: " + schema
                + " is not valid JSON (line 1, column 10)\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void deployRefusesASchemaFileThatIsNotAnObject() throws IOException {
        Path source = file("index.js", SOURCE);
        Path schema = file("schema.json", "[\"email\"]");

        CliRun.Result result = run("functions", "deploy", "send-welcome", "--file", source.toString(),
                "--input-schema", schema.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: --input-schema: " + schema + " holds a JSON array, not an"
                + " object; an input schema is a JSON Schema object such as {\"type\":\"object\"}\n");
        assertThat(api.requests()).isEmpty();
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
                "name,version,sha256,description,timeout_ms,input_schema,deployed_at,invocations,last_invoked_at,last_outcome,last_status");
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
