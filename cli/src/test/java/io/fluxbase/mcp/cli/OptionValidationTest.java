package io.fluxbase.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.kernel.clientkey.Scope;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Option values are checked before the server is looked for: the home directory here has no server, so any command
 * that got past validation would fail with "no running server found" instead.
 */
class OptionValidationTest {

    private static final String CREATE = "clientkeys create --name ci-bot --type anon --scopes read:tables";

    @TempDir
    Path home;

    private CliRun.Result run(String commandLine) {
        return CliRun.run(CliRun.environment(Map.of(), home), commandLine.split(" "));
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("clientkeys create --name ci-bot --type admin --scopes read:tables",
                        "--type: unknown key type 'admin'; valid types are anon, service"),
                Arguments.of("clientkeys create --name ci-bot --type anon --scopes read:tables,read:everything",
                        "--scopes: unknown scope 'read:everything'; valid scopes are " + Scope.validNames()),
                Arguments.of("clientkeys create --name ci-bot --type anon --scopes ,",
                        "--scopes: at least one scope is required; valid scopes are " + Scope.validNames()),
                Arguments.of(CREATE + " --user 42",
                        "--user: '42' is not a UUID such as 123e4567-e89b-12d3-a456-426614174000"),
                Arguments.of(CREATE + " --expires 3x",
                        "--expires: cannot read '3x'; use a duration such as 30d, 12h, 2w"
                                + " or an RFC 3339 time such as 2026-11-30T10:00:00Z"),
                Arguments.of(CREATE + " --expires 2026-01-01T00:00:00Z",
                        "--expires: 2026-01-01T00:00:00Z is not in the future;"
                                + " use a later time or a duration such as 30d"),
                Arguments.of(CREATE + " --rate-limit 0",
                        "--rate-limit: must be a positive number of requests per minute, got 0"),
                Arguments.of("clientkeys create --type anon --scopes read:tables",
                        "missing required option: '--name=NAME'"),
                Arguments.of("logs list --since 3x",
                        "--since: cannot read '3x'; use a duration such as 30m, 24h, 7d"
                                + " or an RFC 3339 time such as 2026-11-30T10:00:00Z"),
                Arguments.of("logs list --limit 0", "--limit: must be between 1 and 10000, got 0"),
                Arguments.of("logs list --limit 10001", "--limit: must be between 1 and 10000, got 10001"),
                Arguments.of("logs list --status failed",
                        "--status: unknown outcome 'failed'; use one of ok, error, denied, rate_limited, invalid,"
                                + " unreadable"),
                Arguments.of("logs list --category http", "--category: unknown category 'http'; use mcp, auth, jobs or admin"),
                Arguments.of("logs tail --interval soon",
                        "--interval: cannot read 'soon'; use a duration such as 2s, 30s or 5m"),
                Arguments.of("clientkeys list -o xml",
                        "invalid value for option '--output': unknown output format 'xml'; use table, json or csv"),
                Arguments.of("clientkeys lst", "unknown command 'lst'; did you mean ls or list?"),
                Arguments.of("storage buckets create docs --max-file-size ten",
                        "--max-file-size: 'ten' is not a size; write e.g. 10MB, 512KB or 1048576"),
                Arguments.of("storage buckets create Docs",
                        "NAME: 'Docs' is not a bucket name; use 2 to 63 lowercase letters, digits, '.', '_' or '-',"
                                + " starting with a letter or digit"),
                Arguments.of("storage buckets create docs --allowed-types image",
                        "--allowed-types: 'image' is not a content type such as image/png or image/*"),
                Arguments.of("storage buckets create docs --private", "unknown option or argument '--private'"),
                Arguments.of("storage buckets update docs",
                        "nothing to change; give --public, --private, --max-file-size or --allowed-types"),
                Arguments.of("storage buckets update docs --public --private",
                        "--public and --private contradict each other; give one"),
                Arguments.of("storage buckets update docs --max-file-size ten",
                        "--max-file-size: 'ten' is not a size; write e.g. 10MB, 512KB or 1048576"),
                Arguments.of("storage cp photos/a.png docs/a.png",
                        "cannot tell which of 'photos/a.png' and 'docs/a.png' is in a bucket;"
                                + " prefix the local path with ./ (e.g. ./photos/a.png)"),
                Arguments.of("storage cp a.png b.png", "neither 'a.png' nor 'b.png' is a bucket path;"
                        + " write the bucket side as BUCKET/PATH, e.g. docs/report.pdf"),
                Arguments.of("storage cp docs/a.png ./a.png --upsert",
                        "--upsert only applies to uploads; docs/a.png is read from a bucket"),
                Arguments.of("storage cp ./a.png docs/../a.png",
                        "DST: '../a.png' holds '..'; paths may not climb out of or name their folder"),
                Arguments.of("storage cp ./a.png docs/a.png --content-type png",
                        "--content-type: 'png' is not a content type such as text/plain or image/png"),
                Arguments.of("storage ls docs --limit 0", "--limit: must be at least 1, got 0"),
                Arguments.of("storage rm docs/a.txt photos/b.txt",
                        "all files must be in one bucket; 'photos/b.txt' is not in docs"),
                Arguments.of("storage rm docs", "'docs' is not BUCKET/PATH, e.g. docs/report.pdf"),
                Arguments.of("functions deploy send-welcome", "missing required option: '--file=FILE'"),
                Arguments.of("functions deploy Send_Welcome --file index.js",
                        "NAME: 'Send_Welcome' is not a function name; use 1 to 63 lowercase letters, digits, '_'"
                                + " or '-', starting with a letter or digit"),
                Arguments.of("functions deploy send-welcome --file index.js --timeout 10",
                        "--timeout: cannot read '10'; use a positive duration such as 500ms, 10s or 2m"),
                Arguments.of("functions deploy send-welcome --file index.js --timeout 1h",
                        "--timeout: cannot read '1h'; use a positive duration such as 500ms, 10s or 2m"),
                Arguments.of("functions deploy send-welcome --file index.js --timeout 0s",
                        "--timeout: cannot read '0s'; use a positive duration such as 500ms, 10s or 2m"),
                Arguments.of("functions get " + "a".repeat(64),
                        "NAME: '" + "a".repeat(64) + "' is not a function name; use 1 to 63 lowercase letters,"
                                + " digits, '_' or '-', starting with a letter or digit"),
                Arguments.of("functions delete", "missing required parameter: 'NAME'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void reportsUsageErrorsOnOneLineWithExitCode2(String commandLine, String message) {
        CliRun.Result result = run(commandLine);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("fluxbase: " + message + " (see 'fluxbase ").hasLineCount(1);
    }

    @Test
    void validOptionsGetAsFarAsLookingForTheServer() {
        CliRun.Result result = run(CREATE + " --user 123E4567-E89B-12D3-A456-426614174000 --expires 30d"
                + " --rate-limit 60 -o json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("fluxbase: no running server found in " + home.resolve(".fluxbase")
                + " (server.json missing); start one with 'fluxbase start' or set FLUXBASE_URL and FLUXBASE_TOKEN\n");
    }

    @Test
    void missingSchemaFileIsReportedBeforeAnyRequest() throws Exception {
        try (FakeAdminApi api = new FakeAdminApi()) {
            CliRun.Result result = CliRun.run(CliRun.environment(Map.of(), home),
                    "db", "apply", "--file", home.resolve("nope.sql").toString(), "--server", api.url(), "--token", "t");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("fluxbase: --file: " + home.resolve("nope.sql") + " does not exist\n");
            assertThat(api.requests()).isEmpty();
        }
    }

    @Test
    void aGroupWithoutSubcommandShowsItsUsage() {
        CliRun.Result result = run("clientkeys");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: fluxbase clientkeys").contains("create").contains("rotate");
    }
}
