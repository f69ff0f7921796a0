package io.fluxbase.mcp.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver, both made available by {@code scripts/chromium.sh} (which
 * installs the packages when missing). A missing browser is a test failure, not a skip.
 */
public final class Chromium {

    private Chromium() {
    }

    /** A headless browser with its console log kept, so a test can assert the page logged no error. */
    public static ChromeDriver start() {
        List<String> paths = paths();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(paths.get(paths.size() - 2));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,1600", "--hide-scrollbars");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(paths.getLast()).toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static List<String> paths() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("mvnw"))) {
            root = root.getParent();
            if (root == null) {
                throw new AssertionError("no mvnw above " + Path.of("").toAbsolutePath());
            }
        }
        try {
            Path out = Files.createTempFile("chromium", ".out");
            Process process = new ProcessBuilder("bash", root.resolve("scripts/chromium.sh").toString())
                    .redirectOutput(out.toFile()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError("scripts/chromium.sh failed: " + Files.readString(out));
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).map(String::strip).toList();
            Files.deleteIfExists(out);
            if (lines.size() < 2) {
                throw new AssertionError("scripts/chromium.sh printed no browser and driver paths: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new AssertionError("cannot run scripts/chromium.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running scripts/chromium.sh", e);
        }
    }
}
