package io.fluxbase.mcp.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The pinned Node 22 and the npm tools of {@code tools/node}, installed by {@code scripts/node-tools.sh} into
 * {@code <repo>/.tools/node} at most once per JVM. Anything that goes wrong here is a test failure, not a skip:
 * the protocol tests are the only proof that real MCP clients can use the server.
 */
final class NodeTools {

    private static final long INSTALL_TIMEOUT_MINUTES = 10;

    private static volatile @Nullable Path node;

    private NodeTools() {
    }

    /** The repository root: the nearest directory at or above the working directory that holds {@code mvnw}. */
    static Path repoRoot() {
        @Nullable Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("no mvnw found in " + Path.of("").toAbsolutePath() + " or any parent directory");
    }

    /** {@code <repo>/.tools/node/node_modules}, where the npm packages of {@code tools/node} are installed. */
    static Path modules() {
        return repoRoot().resolve(".tools/node/node_modules");
    }

    /** A file inside an installed npm package, e.g. {@code script("mcp-remote", "dist/proxy.js")}. */
    static Path script(String packageName, String file) {
        Path path = modules().resolve(packageName).resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(path + " is missing although scripts/node-tools.sh finished");
        }
        return path;
    }

    /** The Node 22 binary, installing the tools first if this JVM has not done so yet. */
    static Path node22() {
        Path found = node;
        if (found == null) {
            synchronized (NodeTools.class) {
                found = node;
                if (found == null) {
                    found = install();
                    node = found;
                }
            }
        }
        return found;
    }

    private static Path install() {
        Path root = repoRoot();
        Path script = root.resolve("scripts/node-tools.sh");
        Path log;
        try {
            log = Files.createTempFile("node-tools", ".log");
        } catch (IOException e) {
            throw new AssertionError("cannot create a log file for scripts/node-tools.sh", e);
        }
        Path stdout = log.resolveSibling(log.getFileName() + ".out");
        try {
            Process process = new ProcessBuilder(List.of("bash", script.toString()))
                    .directory(root.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(log.toFile())
                    .start();
            if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("scripts/node-tools.sh did not finish within " + INSTALL_TIMEOUT_MINUTES
                        + " minutes\n" + read(log));
            }
            List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new AssertionError("scripts/node-tools.sh failed with exit code " + process.exitValue()
                        + "\n" + String.join("\n", lines) + "\n" + read(log));
            }
            Path binary = Path.of(lines.getLast().strip());
            if (!Files.isExecutable(binary)) {
                throw new AssertionError("scripts/node-tools.sh printed " + binary + ", which is not executable");
            }
            return binary;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + script, e);
        } finally {
            try {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // temporary files only
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }
}
