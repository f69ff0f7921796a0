package io.fluxbase.mcp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.protocol.fixtures.ConformanceFixtures;
import io.fluxbase.mcp.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the official MCP conformance suite ({@code @modelcontextprotocol/conformance} 0.1.16, its active server
 * scenarios) on the pinned Node 22 against a real server that serves the suite's fixtures beside its own tools, and
 * requires every check to pass. The suite's CLI cannot send headers, so it talks to the server through
 * {@link KeyHeaderProxy}, which adds a real client key holding every scope: authentication stays on.
 */
class ConformanceIntegrationTest {

    /**
     * Scenarios allowed to fail, each with the reason the server cannot support it. Keep it short: an entry that
     * starts passing fails this test until it is removed.
     */
    private static final Map<String, String> EXPECTED_FAILURES = Map.of();

    private static final long SUITE_TIMEOUT_MINUTES = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SUITE_SIZE = Pattern.compile("Running active suite \\((\\d+) scenarios\\)");
    /** Result folders are named {@code server-<scenario>-<ISO timestamp with : and . replaced by ->}. */
    private static final Pattern RESULT_DIR =
            Pattern.compile("^server-(.+)-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z$");

    /** Kept after the run (under the module's target/) so failed checks can be read in full. */
    private final Path resultsDir = NodeTools.repoRoot().resolve("app/target/conformance")
            .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()));

    @Test
    void activeServerSuitePasses() throws Exception {
        Files.createDirectories(resultsDir);
        Path node = NodeTools.node22();
        Path cli = NodeTools.script("@modelcontextprotocol/conformance", "dist/index.js");
        Path log = resultsDir.resolve("conformance.log");
        Path results = resultsDir.resolve("results");

        int exitCode;
        try (TestServer server = TestServer.start(Map.of(), ConformanceFixtures.class);
                KeyHeaderProxy proxy = new KeyHeaderProxy(server.server().port(), conformanceKey(server))) {
            String url = "http://127.0.0.1:" + proxy.port() + URI.create(server.mcpUrl()).getPath();
            List<String> command = List.of(node.toString(), cli.toString(), "server",
                    "--url", url, "--suite", "active", "-o", results.toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                if (!process.waitFor(SUITE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    fail("conformance suite did not finish within " + SUITE_TIMEOUT_MINUTES + " minutes: "
                            + String.join(" ", command) + "\n" + tail(log));
                }
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            exitCode = process.exitValue();
            // the suite reached the tools as the key's holder, not as an anonymous visitor
            TestServer.await("the suite's tool calls in the audit log under the conformance key", () -> server.count(
                    "SELECT count(*) FROM fluxbase.audit_log WHERE key_name = 'conformance' AND method = 'tools/call'"
                            + " AND target = 'test_simple_text' AND outcome = 'ok'") > 0);
        }

        Map<String, List<JsonNode>> checksByScenario = readChecks(results);
        List<String> unexpected = new ArrayList<>();
        TreeSet<String> failingScenarios = new TreeSet<>();
        checksByScenario.forEach((scenario, checks) -> {
            for (JsonNode check : checks) {
                if (!"FAILURE".equals(check.path("status").asString())) {
                    continue;
                }
                failingScenarios.add(scenario);
                if (!EXPECTED_FAILURES.containsKey(scenario)) {
                    unexpected.add(scenario + " / " + check.path("id").asString() + ": "
                            + check.path("errorMessage").asString("(no errorMessage)"));
                }
            }
        });
        if (!unexpected.isEmpty()) {
            fail(unexpected.size() + " conformance check(s) failed (scenario / check id: errorMessage):\n  "
                    + String.join("\n  ", unexpected) + "\nchecks.json files and the CLI log are in " + resultsDir
                    + "\n--- end of the CLI log ---\n" + tail(log));
        }

        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher size = SUITE_SIZE.matcher(output);
        assertThat(size.find()).as("the CLI announces the active suite\n%s", tail(log)).isTrue();
        assertThat(checksByScenario.keySet())
                .as("every scenario of the active suite saved its checks.json\n%s", tail(log))
                .hasSize(Integer.parseInt(size.group(1)));
        assertThat(output).as("no scenario crashed\n%s", tail(log)).doesNotContain("Failed to run scenario");

        List<String> stale = EXPECTED_FAILURES.keySet().stream()
                .filter(scenario -> !failingScenarios.contains(scenario))
                .sorted()
                .toList();
        assertThat(stale).as("EXPECTED_FAILURES entries that pass now; remove them").isEmpty();
        if (failingScenarios.isEmpty()) {
            assertThat(exitCode).as("conformance CLI exit code\n%s", tail(log)).isZero();
        }
    }

    /** Every scope, so the suite also lists and checks Fluxbase's own tools; a limit no scenario run reaches. */
    private static String conformanceKey(TestServer server) {
        List<String> scopes = Arrays.stream(Scope.values()).map(Scope::wireName).toList();
        return server.createKey(Map.of("name", "conformance", "type", "service", "scopes", scopes,
                "rate_limit_per_min", 100_000)).secret();
    }

    private static Map<String, List<JsonNode>> readChecks(Path results) throws IOException {
        Map<String, List<JsonNode>> byScenario = new TreeMap<>();
        if (!Files.isDirectory(results)) {
            return byScenario;
        }
        try (Stream<Path> files = Files.walk(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("checks.json")).toList()) {
                String folder = file.getParent().getFileName().toString();
                Matcher name = RESULT_DIR.matcher(folder);
                String scenario = name.matches() ? name.group(1) : folder;
                JsonNode checks = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                List<JsonNode> list = byScenario.computeIfAbsent(scenario, s -> new ArrayList<>());
                checks.forEach(list::add);
            }
        }
        return byScenario;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()))
                    .replaceAll("\u001B\\[[0-9;]*m", "");
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
