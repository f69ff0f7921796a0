package io.fluxbase.mcp.compliance;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.chain.ChainedLogs;
import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.Chromium;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

/**
 * The compliance report against a scripted set of calls through the official MCP SDK client: its figures match what
 * was done exactly (calls, denials, rate limiting, rows read and changed per key and tool or table), in JSON, and
 * the HTML and Markdown forms carry them; an empty period is an honest empty report; an unwritable output leaves
 * nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceReportIntegrationTest {

    static final int READER_LIMIT = 8;

    TestServer server;
    TestServer.Key writer;
    TestServer.Key reader;
    TestServer.Key retired;
    Instant start;
    int rateLimited;
    long chainHead;

    @BeforeAll
    void scriptedCalls() throws Exception {
        server = TestServer.start();
        start = Instant.now();
        server.applySql("CREATE TABLE public.items (id int PRIMARY KEY, name text)");
        server.applySql("CREATE TABLE public.notes (id int PRIMARY KEY, body text);"
                + " INSERT INTO public.notes VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        writer = server.createKey("writer", "service", "read:tables", "write:tables");
        Map<String, Object> limited = new HashMap<>(Map.of("name", "reader", "type", "service",
                "scopes", List.of("read:tables"), "rate_limit_per_min", READER_LIMIT));
        reader = server.createKey(limited);
        retired = server.createKey("retired", "anon", "read:tables");
        server.admin("POST", "/admin/v1/clientkeys/" + retired.id() + "/rotate", null, 200);
        server.admin("POST", "/admin/v1/clientkeys/" + retired.id() + "/revoke", null, 200);

        McpSyncClient w = server.client(writer.secret());
        for (int id = 1; id <= 3; id++) {
            ok(call(w, "insert_record", Map.of("table", "items", "data", Map.of("id", id, "name", "item " + id))));
        }
        ok(call(w, "update_record", Map.of("table", "items", "data", Map.of("name", "renamed"),
                "filter", Map.of("id", "eq.1"))));
        ok(call(w, "delete_record", Map.of("table", "items", "filter", Map.of("id", "eq.3"))));
        ok(call(w, "query_table", Map.of("table", "items")));

        McpSyncClient r = server.client(reader.secret());
        ok(call(r, "query_table", Map.of("table", "items")));
        ok(call(r, "query_table", Map.of("table", "items", "filter", Map.of("id", "gte.1"))));
        ok(call(r, "query_table", Map.of("table", "public.notes")));
        refusal(call(r, "insert_record", Map.of("table", "items", "data", Map.of("id", 9))));
        // spend the reader's minute with pings until three requests are refused for the rate
        for (int i = 0; i < 40 && rateLimited < 3; i++) {
            HttpResponse<String> response = server.post("{\"jsonrpc\":\"2.0\",\"id\":" + (100 + i)
                    + ",\"method\":\"ping\"}", Map.of("X-Client-Key", reader.secret()));
            if (response.statusCode() == 429) {
                rateLimited++;
            }
        }
        assertThat(rateLimited).isEqualTo(3);
        TestServer.await("the audit log and row history to show every call", () ->
                server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND method = 'tools/call'",
                        writer.id()) == 6
                        && server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ?"
                        + " AND outcome = 'rate_limited'", reader.id()) == rateLimited
                        && server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ?"
                        + " AND method = 'tools/call'", reader.id()) == 4
                        && server.count("SELECT count(*) FROM fluxbase.row_history WHERE key_id = ?",
                        writer.id()) == 5);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    Run fluxbase(String... args) {
        return FluxbaseCommand.run(server, args);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> jsonReport(Path dir) throws Exception {
        ChainedLogs.awaitChained(server, 0);
        chainHead = server.count("SELECT max(position) FROM fluxbase.log_chain");
        Path file = dir.resolve("report.json");
        Run run = fluxbase("compliance", "report", "--since", start.minusSeconds(1).toString(), "--output",
                file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + file);
        return TestServer.JSON.readValue(Files.readString(file), Map.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFiguresMatchTheScriptedCallsExactly(@TempDir Path dir) throws Exception {
        Map<String, Object> report = jsonReport(dir);

        List<Map<String, Object>> toolCalls = ((List<Map<String, Object>>) report.get("access")).stream()
                .filter(a -> "tools/call".equals(a.get("method"))).toList();
        assertThat(toolCalls).extracting(a -> Arrays.asList(a.get("key_id"), a.get("target"), a.get("table"),
                a.get("calls"), a.get("rows_read"), a.get("rows_changed"))).containsExactlyInAnyOrder(
                List.of(writer.id(), "insert_record", "public.items", 3, 0, 3),
                List.of(writer.id(), "update_record", "public.items", 1, 0, 1),
                List.of(writer.id(), "delete_record", "public.items", 1, 0, 1),
                List.of(writer.id(), "query_table", "public.items", 1, 2, 0),
                List.of(reader.id(), "query_table", "public.items", 2, 4, 0),
                List.of(reader.id(), "query_table", "public.notes", 1, 3, 0),
                Arrays.asList(reader.id(), "insert_record", null, 1, 0, 0));

        Map<String, Map<String, Object>> refusals = byKey((List<Map<String, Object>>) report.get("refusals"));
        assertThat(refusals.get(reader.id())).containsEntry("denied", 1).containsEntry("rate_limited", rateLimited)
                .containsEntry("calls", (int) server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ?"
                        + " AND category = 'mcp'", reader.id()));
        assertThat(refusals.get(writer.id())).containsEntry("denied", 0).containsEntry("rate_limited", 0)
                .containsEntry("errors", 0);

        assertThat((List<Map<String, Object>>) report.get("data_changes")).extracting(c -> List.of(c.get("table"),
                c.get("key_id"), c.get("inserted"), c.get("updated"), c.get("deleted")))
                .containsExactly(List.of("public.items", writer.id(), 3, 1, 1));

        Map<String, Object> totals = (Map<String, Object>) report.get("totals");
        assertThat(totals).containsEntry("calls", (int) server.count("SELECT count(*) FROM fluxbase.audit_log"
                        + " WHERE category IN ('mcp', 'auth') AND time >= ?", java.sql.Timestamp.from(start.minusSeconds(1))))
                .containsEntry("denied", 1).containsEntry("rate_limited", rateLimited)
                .containsEntry("rows_read", 9).containsEntry("rows_changed", 5);

        Map<String, Map<String, Object>> keys = byId((List<Map<String, Object>>) report.get("keys"));
        assertThat(keys.get(retired.id())).containsEntry("status", "revoked").containsEntry("type", "anon")
                .containsEntry("scopes", List.of("read:tables"));
        assertThat(keys.get(retired.id()).get("rotated_at")).isNotNull();
        assertThat(keys.get(retired.id()).get("revoked_at")).isNotNull();
        assertThat(keys.get(writer.id())).containsEntry("status", "active");
        assertThat(keys.get(writer.id()).get("last_used_at")).isNotNull();

        assertThat((List<Map<String, Object>>) report.get("admin_actions")).extracting(a -> a.get("action"))
                .contains("db.apply", "clientkeys.create", "clientkeys.rotate", "clientkeys.revoke");
        Map<String, Object> verification = (Map<String, Object>) report.get("verification");
        long first = server.count("SELECT min(position) FROM fluxbase.log_chain WHERE time >= ?",
                java.sql.Timestamp.from(start.minusSeconds(1)));
        long last = ((Number) verification.get("last_position")).longValue();
        assertThat(verification).containsEntry("status", "verified").containsEntry("first_position", (int) first)
                .containsEntry("records", (int) (last - first + 1)).containsEntry("finding", null);
        assertThat(last).as("verified through the chain's head as it stood").isGreaterThanOrEqualTo(chainHead);
        assertThat((String) verification.get("detail")).startsWith((last - first + 1) + " records, chain positions "
                + first + ".." + last + " (from the period's start to the chain's head), "
                + io.fluxbase.mcp.kernel.chain.ChainReport.signedCheckpoints(
                        ((Number) verification.get("checkpoints")).longValue()));
        List<Map<String, Object>> days = (List<Map<String, Object>>) report.get("calls_per_day");
        assertThat(days.stream().mapToInt(d -> (int) d.get("denied")).sum()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKeyThatCallsManyNamesHasItsLeastCalledOnesFoldedIntoOneRowThatKeepsTheTotals(@TempDir Path dir)
            throws Exception {
        try (TestServer many = TestServer.start()) {
            Instant since = Instant.now().minusSeconds(1);
            TestServer.Key key = many.createKey(new HashMap<>(Map.of("name", "crawler", "type", "service",
                    "scopes", List.of("read:schema"), "rate_limit_per_min", 5_000)));
            Map<String, String> session = Map.of("X-Client-Key", key.secret(),
                    "Mcp-Session-Id", many.initialize(key.secret()));
            int reads = 1_005;
            for (int i = 0; i < reads; i++) {
                assertThat(many.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"resources/read\","
                        + "\"params\":{\"uri\":\"schema://tables/missing_" + i + "\"}}", session).statusCode())
                        .isEqualTo(200);
            }
            long calls = reads + 2; // initialize and notifications/initialized
            TestServer.await("the audit log", () -> many.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE key_id = ? AND category = 'mcp'", key.id()) == calls);
            Path file = dir.resolve("many.json");
            Run run = FluxbaseCommand.run(many, "compliance", "report", "--since", since.toString(), "--output",
                    file.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            Map<String, Object> report = TestServer.JSON.readValue(Files.readString(file), Map.class);

            List<Map<String, Object>> access = (List<Map<String, Object>>) report.get("access");
            assertThat(access).hasSize(1_001);
            assertThat(access.get(1_000)).containsEntry("key_id", key.id()).containsEntry("method", "(others)")
                    .containsEntry("target", "7 more groups").containsEntry("calls", 7);
            assertThat(access.stream().mapToLong(a -> ((Number) a.get("calls")).longValue()).sum()).isEqualTo(calls);
            assertThat((Map<String, Object>) report.get("totals")).containsEntry("calls", (int) calls);
        }
    }

    @Test
    void htmlAndMarkdownCarryTheSameFigures(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        Path md = dir.resolve("report.md");
        assertThat(fluxbase("compliance", "report", "--since", "1h", "--output", html.toString()).exit()).isZero();
        assertThat(fluxbase("compliance", "report", "--since", "1h", "--format", "md", "--output", md.toString())
                .exit()).isZero();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg id=\"calls-per-day\"")
                .contains("<svg id=\"top-keys\"").contains("<svg id=\"denials-over-time\"")
                .doesNotContain("<script").doesNotContain("http://cdn").doesNotContain("https://");
        assertThat(page).contains("writer (" + writer.id() + ")").contains("<td>insert_record</td>");
        String verified = "verified(</strong>|\\*\\*): \\d+ records, chain positions \\d+\\.\\.\\d+ \\(from the period";
        assertThat(page).containsPattern("<p class=\"verification\"><strong>" + verified);
        assertThat(Files.readString(md)).containsPattern("\\*\\*" + verified);
        assertThat(Files.readString(md)).contains("## Denials and rate limiting per key")
                .contains("| reader (" + reader.id() + ") |").contains("| public.items | writer (" + writer.id()
                        + ") | 3 | 1 | 1 |");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTamperedLogMakesTheVerificationFailNamingTheRecord(@TempDir Path dir) throws Exception {
        ChainedLogs.awaitChained(server, 0);
        long tampered = server.count("SELECT min(e.global_index) FROM fluxbase.domain_event_entry e"
                + " JOIN fluxbase.audit_log a USING (global_index) WHERE a.key_id = ? AND a.method = 'tools/call'",
                writer.id());
        try (Connection connection = server.database(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE original AS SELECT * FROM fluxbase.domain_event_entry"
                    + " WHERE global_index = " + tampered);
            statement.execute("UPDATE fluxbase.domain_event_entry SET payload = convert_to(regexp_replace("
                    + "convert_from(payload, 'UTF8'), '\"outcome\":\"[^\"]*\"', '\"outcome\":\"DENIED\"'), 'UTF8')"
                    + " WHERE global_index = " + tampered);
            try {
                Map<String, Object> verification = (Map<String, Object>) jsonReport(dir).get("verification");
                assertThat(verification).containsEntry("status", "failed");
                assertThat((String) verification.get("finding")).contains("global_index " + tampered + ",")
                        .contains("CallRecordedEvent");
                assertThat((String) verification.get("detail")).startsWith("altered: ")
                        .contains("global_index " + tampered + ",");
                Path md = dir.resolve("tampered.md");
                assertThat(fluxbase("compliance", "report", "--since", "1h", "--output", md.toString()).exit())
                        .isZero();
                assertThat(Files.readString(md)).contains("**failed**: altered: ")
                        .contains("global_index " + tampered + ",");
            } finally {
                statement.execute("UPDATE fluxbase.domain_event_entry e SET payload = o.payload FROM original o"
                        + " WHERE e.global_index = o.global_index");
                statement.execute("DROP TABLE original");
            }
        }
        assertThat((Map<String, Object>) jsonReport(dir).get("verification")).containsEntry("status", "verified");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPeriodWithoutRecordsIsAnHonestEmptyReport(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("empty.json");
        Path html = dir.resolve("empty.html");
        String[] period = {"--since", "2001-01-01T00:00:00Z", "--until", "2001-01-08T00:00:00Z"};
        assertThat(fluxbase(concat(new String[] {"compliance", "report", "--output", json.toString()}, period))
                .exit()).isZero();
        Map<String, Object> report = TestServer.JSON.readValue(Files.readString(json), Map.class);
        assertThat((Map<String, Object>) report.get("totals")).containsEntry("calls", 0)
                .containsEntry("admin_actions", 0);
        assertThat((List<?>) report.get("keys")).isEmpty();
        assertThat((List<?>) report.get("access")).isEmpty();
        Run run = fluxbase(concat(new String[] {"compliance", "report", "--output", html.toString(), "-o", "json"},
                period));
        assertThat(FluxbaseCommand.json(run)).containsEntry("format", "html");
        assertThat(Files.readString(html)).contains("No calls in this period.").contains("nothing in this period");
    }

    @Test
    void anUnwritableOutputIsAClearMessageAndLeavesNoFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-folder").resolve("report.html");
        Run run = fluxbase("compliance", "report", "--output", missing.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("--output").contains("does not exist");

        Path occupied = Files.createDirectories(dir.resolve("occupied.html"));
        Files.writeString(occupied.resolve("keep.txt"), "kept");
        Run blocked = fluxbase("compliance", "report", "--output", occupied.toString());
        assertThat(blocked.exit()).isEqualTo(1);
        assertThat(blocked.err()).contains("--output: cannot write").contains("nothing was written");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("occupied.html");
        }
        assertThat(Files.readString(occupied.resolve("keep.txt"))).isEqualTo("kept");

        Run badFormat = fluxbase("compliance", "report", "--output", dir.resolve("report.pdf").toString());
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format");
    }

    @Test
    void theHtmlReportRendersInChromiumWithItsChartsAndNoConsoleErrors(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        assertThat(fluxbase("compliance", "report", "--since", "1h", "--output", html.toString()).exit()).isZero();
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(html.toUri().toString());
            assertThat(browser.getTitle()).startsWith("Fluxbase compliance report");
            List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
            assertThat(charts).extracting(chart -> chart.getDomAttribute("id"))
                    .containsExactly("calls-per-day", "top-keys", "denials-over-time");
            assertThat(charts).allSatisfy(chart -> {
                assertThat(chart.getSize().getWidth()).isGreaterThan(300);
                assertThat(chart.getSize().getHeight()).isGreaterThan(50);
                assertThat(chart.findElements(By.tagName("rect"))).isNotEmpty();
            });
            assertThat(browser.findElement(By.id("top-keys")).findElements(By.tagName("rect")).getFirst().getSize()
                    .getWidth()).isPositive();
            assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                    .filteredOn(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).isEmpty();
            Path screenshot = Path.of("target", "compliance-report.png");
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        } finally {
            browser.quit();
        }
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        rows.forEach(row -> byKey.put((String) row.get("key_id"), row));
        return byKey;
    }

    private static Map<String, Map<String, Object>> byId(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        rows.forEach(row -> byId.put((String) row.get("id"), row));
        return byId;
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
    }
}
