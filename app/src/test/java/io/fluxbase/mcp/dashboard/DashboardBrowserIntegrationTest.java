package io.fluxbase.mcp.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.support.Chromium;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The dashboard in Debian's Chromium, one browser session for the whole flow a user goes through: sign in, create a
 * key, copy it, use it from an MCP client, watch the calls arrive in Activity, revoke the key, sign out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIntegrationTest {

    static final String XSS_NAME = "<img src=x onerror=alert(1)><script>alert(2)</script>";

    TestServer server;
    ChromeDriver browser;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("CREATE TABLE public.notes (id serial PRIMARY KEY, body text)");
        server.createKey(XSS_NAME, "anon", "read:tables");
        browser = Chromium.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        server.close();
    }

    @Test
    void signInCreateCopyUseWatchRevokeAndSignOut() throws Exception {
        browser.get(server.baseUrl() + "/dashboard");
        WebElement token = until(b -> visible(By.id("token")));
        token.sendKeys(server.server().adminToken());
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        until(b -> visible(By.id("overview-figures")).getText().contains("Calls in the last 24 h"));
        assertThat(browser.findElement(By.id("overview-figures")).getText()).contains("healthy", "2025-11-25",
                "Denied (24 h)", "Rate limited (24 h)", "Audit projection lag", "Last log verification");

        // Keys: a hostile name is text, not markup
        browser.get(server.baseUrl() + "/dashboard/#keys");
        until(b -> !b.findElements(By.cssSelector("#keys-table tbody tr")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#keys-table .key-name"))).extracting(WebElement::getText)
                .contains(XSS_NAME);
        assertThat(browser.findElements(By.cssSelector("#keys-table img, #keys-table script"))).isEmpty();
        assertNoAlert();

        // Create a key: scopes come with their meaning; the key is shown once, with the Claude Desktop block
        WebElement form = browser.findElement(By.id("create-key"));
        assertThat(form.findElement(By.id("scopes")).getText()).contains("write:tables", "insert, update and delete");
        form.findElement(By.name("name")).sendKeys("claude-desktop");
        form.findElement(By.cssSelector("select[name=type] option[value=service]")).click();
        for (String scope : List.of("read:tables", "write:tables")) {
            form.findElement(By.cssSelector("input[name=scope][value='" + scope + "']")).click();
        }
        form.findElement(By.name("rate_limit_per_min")).sendKeys("600");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String secret = until(b -> visible(By.id("new-key")).getText()).strip();
        assertThat(secret).startsWith("fbk_");
        browser.findElement(By.id("copy-key")).click();
        until(b -> !b.findElement(By.id("copy-status")).getText().isEmpty());
        assertThat(browser.findElement(By.id("claude-config")).getText())
                .contains("\"url\": \"" + server.mcpUrl() + "\"", "\"X-Client-Key\": \"" + secret + "\"");
        WebElement created = until(b -> keyRow("claude-desktop"));
        assertThat(created.getText()).contains("service", "read:tables, write:tables", "active", "600/min");
        screenshot("dashboard-keys");

        // Activity is open (live) while the key is used from a real MCP client
        browser.get(server.baseUrl() + "/dashboard/#activity");
        until(b -> visible(By.id("live")).getText().equals("live"));
        McpSyncClient client = server.client(secret);
        long calledAt = System.nanoTime();
        McpSchema.CallToolResult inserted = client.callTool(new McpSchema.CallToolRequest("insert_record",
                Map.of("table", "notes", "data", Map.of("body", "from the dashboard test"))));
        assertThat(inserted.isError()).isFalse();
        WebElement call = until(Duration.ofSeconds(2), b -> b.findElements(
                        By.cssSelector("#activity-table tbody tr")).stream()
                .filter(tr -> tr.getText().contains("insert_record") && tr.getText().contains("claude-desktop"))
                .findFirst().orElse(null));
        long seenAfterMs = (System.nanoTime() - calledAt) / 1_000_000;
        System.out.println("dashboard: the call showed in Activity " + seenAfterMs + " ms after it was answered");
        assertThat(browser.findElements(By.cssSelector("#calls-chart rect.ok"))).isNotEmpty();
        call.click();
        WebElement details = until(b -> visible(By.id("detail-changes")));
        until(b -> details.getText().contains("notes"));
        assertThat(details.getText()).contains("insert", "history://tables/public.notes/1");
        assertThat(browser.findElement(By.id("detail-fields")).getText()).contains("insert_record", "ok",
                "fluxbase-tests");
        assertThat(browser.findElement(By.id("detail-changes-more")).isDisplayed()).isFalse();
        screenshot("dashboard-activity");
        assertThat(browser.getPageSource()).doesNotContain(secret);

        // A call that wrote more rows than the details list says so
        server.applySql("INSERT INTO public.notes (body) SELECT 'bulk ' || n FROM generate_series(1, 1001) n");
        assertThat(client.callTool(new McpSchema.CallToolRequest("update_record", Map.of("table", "notes",
                "data", Map.of("body", "bulk, updated"), "filter", Map.of("body", "like.bulk *")))).isError())
                .isFalse();
        until(Duration.ofSeconds(5), b -> b.findElements(By.cssSelector("#activity-table tbody tr")).stream()
                .filter(tr -> tr.getText().contains("update_record")).findFirst().orElse(null)).click();
        until(b -> visible(By.id("detail-changes-more")).getText()
                .equals("The call wrote more rows; the first 1000 are shown."));
        assertThat(browser.findElements(By.cssSelector("#detail-changes tbody tr"))).hasSize(1000);

        // Revoke in the UI, with a confirmation; the next MCP call is refused
        browser.get(server.baseUrl() + "/dashboard/#keys");
        assertThat(browser.getPageSource()).doesNotContain(secret);
        WebElement row = until(b -> keyRow("claude-desktop"));
        row.findElement(By.cssSelector("button[data-action=revoke]")).click();
        row.findElement(By.cssSelector("button[data-confirm=revoke]")).click();
        until(b -> keyRow("claude-desktop").getText().contains("revoked"));
        assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("query_table",
                Map.of("table", "notes")))).isInstanceOf(RuntimeException.class);
        assertThat(browser.getPageSource()).doesNotContain(secret);

        // Overview counts the calls, the refused one among them
        browser.get(server.baseUrl() + "/dashboard/#overview");
        until(b -> visible(By.id("overview-figures")).getText().contains("Calls in the last 24 h"));
        TestServer.await("the overview to count the refused call", () -> {
            browser.navigate().refresh();
            return Integer.parseInt(until(b -> figure("Calls in the last 24 h"))) >= 4
                    && Integer.parseInt(figure("Denied (24 h)")) >= 1;
        });
        screenshot("dashboard-overview");
        assertThat(consoleProblems()).isEmpty();

        // Sign out: back to the sign-in form, and the old cookie no longer opens anything
        String cookie = browser.manage().getCookieNamed("fluxbase_dashboard").getValue();
        browser.findElement(By.id("sign-out")).click();
        until(b -> visible(By.id("sign-in-form")) != null);
        assertThat(server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/v1/clientkeys"))
                .header("Cookie", "fluxbase_dashboard=" + cookie).build()).statusCode()).isEqualTo(401);
        browser.get(server.baseUrl() + "/dashboard/#keys");
        until(b -> visible(By.id("sign-in-form")) != null);
        assertThat(browser.findElement(By.id("keys")).isDisplayed()).isFalse();
        assertThat(consoleProblems()).isEmpty();

        // A wrong token: "Sign-in failed", nothing more (the browser logs only the refused request itself)
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        String refusal = until(b -> visible(By.id("sign-in-error")).getText());
        assertThat(refusal).isEqualTo("Sign-in failed");
        assertThat(consoleProblems()).allSatisfy(entry -> assertThat(entry.getMessage())
                .contains("/dashboard/api/sign-in", "401"));
        assertNoAlert();
    }

    private <T> T until(Function<ChromeDriver, T> condition) {
        return until(Duration.ofSeconds(10), condition);
    }

    /** Polls until the condition gives something other than null, false or "" (an element not there yet). */
    private <T> T until(Duration timeout, Function<ChromeDriver, T> condition) {
        return TestServer.await("the page to show it", timeout, () -> {
            try {
                T value = condition.apply(browser);
                return Boolean.FALSE.equals(value) || "".equals(value) ? null : value;
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException
                    | NullPointerException e) {
                return null; // not there yet
            }
        });
    }

    private WebElement visible(By locator) {
        List<WebElement> found = browser.findElements(locator);
        return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
    }

    private String figure(String name) {
        return browser.findElement(By.xpath("//dl[@id='overview-figures']/dt[.='" + name
                + "']/following-sibling::dd[1]")).getText();
    }

    private WebElement keyRow(String name) {
        return browser.findElements(By.cssSelector("#keys-table tbody tr")).stream()
                .filter(tr -> tr.findElement(By.cssSelector(".key-name")).getText().equals(name))
                .findFirst().orElse(null);
    }

    private List<LogEntry> consoleProblems() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    private void assertNoAlert() {
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    private void screenshot(String name) throws Exception {
        Path file = Path.of("target", name + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(file)).isGreaterThan(10_000);
    }
}
