package io.fluxbase.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.json.CliJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fluxbase secrets ...} against {@link FakeAdminApi}: values go raw in the body, never on the command line. */
class SecretCommandsTest {

    private static final String SECRETS = "/admin/v1/secrets";

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

    private CliRun.Result run(String stdin, String... args) {
        CliEnvironment base = CliRun.environment(Map.of(), home);
        return CliRun.run(new CliEnvironment(base.variables(), base.userHome(), base.clock(), base.sleeper(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
    }

    @Test
    void setSendsTheValueFromStandardInputAsTheRawBodyWithoutItsNewline() {
        api.answer("PUT", SECRETS + "/STRIPE_KEY", 200, "{\"name\":\"STRIPE_KEY\",\"updated_at\":\"2026-12-03T10:00:00Z\"}");

        CliRun.Result result = run("sk_live_ünïcode\n", "secrets", "set", "STRIPE_KEY");

        FakeAdminApi.Request request = api.onlyRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.authorization()).isEqualTo("Bearer admin-secret");
        assertThat(request.bytes()).isEqualTo("sk_live_ünïcode".getBytes(StandardCharsets.UTF_8));
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("set secret 'STRIPE_KEY'; functions read it as ctx.env.STRIPE_KEY\n")
                .doesNotContain("sk_live");
    }

    @Test
    void setReadsAValueFileAndPrintsJson() throws IOException {
        String answer = "{\"name\":\"TOKEN\",\"updated_at\":\"2026-12-03T10:00:00Z\"}";
        api.answer("PUT", SECRETS + "/TOKEN", 200, answer);
        Path file = Files.writeString(home.resolve("token"), "line one\nline two\r\n");

        CliRun.Result result = run("", "secrets", "set", "TOKEN", "--value-file", file.toString(), "-o", "json");

        assertThat(new String(api.onlyRequest().bytes(), StandardCharsets.UTF_8)).isEqualTo("line one\nline two");
        assertThat(result.exitCode()).isZero();
        assertThat(CliJson.MAPPER.readTree(result.out())).isEqualTo(CliJson.MAPPER.readTree(answer));
    }

    @Test
    void setRefusesAnEmptyValueAndABadNameBeforeAnyRequest() {
        CliRun.Result empty = run("\n", "secrets", "set", "TOKEN");
        CliRun.Result badName = run("value", "secrets", "set", "stripe-key");

        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err()).startsWith("fluxbase: the value is empty").contains("fluxbase secrets unset TOKEN");
        assertThat(badName.exitCode()).isNotZero();
        assertThat(badName.err()).contains("'stripe-key' is not a secret name")
                .contains("upper-case letters, digits or '_'");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void setRefusesAValueOver64KiB() {
        CliRun.Result result = run("x".repeat(64 * 1024 + 1), "secrets", "set", "TOKEN");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("over 64 KiB");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void listShowsNamesAndTimesAndAnyProblem() {
        api.answer("GET", SECRETS, 200, """
                {"secrets":[{"name":"STRIPE_KEY","updated_at":"2026-12-03T10:00:00Z"},
                 {"name":"OLD","updated_at":"2026-12-01T08:30:00Z","problem":"secret OLD cannot be decrypted"}]}""");

        CliRun.Result table = run("", "secrets", "list");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).isEqualTo("""
                NAME        UPDATED              PROBLEM
                STRIPE_KEY  2026-12-03 10:00:00  -
                OLD         2026-12-01 08:30:00  secret OLD cannot be decrypted
                """);
    }

    @Test
    void listSaysHowToSetTheFirst() {
        api.answer("GET", SECRETS, 200, "{\"secrets\":[]}");

        assertThat(run("", "secrets", "list").out()).isEqualTo("no secrets yet; set one with 'fluxbase secrets set"
                + " NAME' (the value is read from standard input)\n");
    }

    @Test
    void unsetShowsTheServersRefusal() {
        api.answer("DELETE", SECRETS + "/NOPE", 404, """
                {"error":{"code":"not_found","message":"no secret named 'NOPE' is set; the secrets are TOKEN"}}""");

        CliRun.Result result = run("", "secrets", "unset", "NOPE");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: no secret named 'NOPE' is set; the secrets are TOKEN\n");
    }
}
