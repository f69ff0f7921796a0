package io.fluxbase.mcp.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A child process spoken to as an MCP client would over stdio: newline-delimited JSON-RPC on its stdin and stdout.
 * Its stderr is kept for failure messages. Closing kills the process and everything it started.
 */
final class StdioJsonRpc implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();
    private final StringBuffer otherStdout = new StringBuffer();

    private StdioJsonRpc(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        daemon("stdout", () -> readStdout(process.getInputStream()));
        daemon("stderr", () -> readStderr(process.getErrorStream()));
    }

    static StdioJsonRpc start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return new StdioJsonRpc(builder.start());
    }

    /** Sends a notification (no id, no answer). */
    void notify(String method, Map<String, Object> params) throws IOException {
        write(Map.of("jsonrpc", "2.0", "method", method, "params", params));
    }

    /**
     * Sends a request and waits for the message that answers it, or {@code null} when none came in time (or the
     * process ended first). Messages for other ids and notifications are kept for {@link #transcript()}.
     */
    @Nullable JsonNode request(int id, String method, Map<String, Object> params, Duration timeout)
            throws IOException, InterruptedException {
        write(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            JsonNode message = incoming.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (message == null) {
                if (!process.isAlive() && incoming.isEmpty()) {
                    return null;
                }
                continue;
            }
            seen.add(message);
            JsonNode answerId = message.get("id");
            boolean answer = message.has("result") || message.has("error");
            if (answer && answerId != null && answerId.isNumber() && answerId.asInt() == id) {
                return message;
            }
        }
    }

    /** Waits until the process has exited; true if it did within the timeout. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    String stderr() {
        return stderr.toString();
    }

    /** Everything seen so far, for assertion messages. */
    String transcript() {
        StringBuilder text = new StringBuilder();
        text.append("--- messages from the process ---\n");
        seen.forEach(message -> text.append(message).append('\n'));
        incoming.forEach(message -> text.append(message).append('\n'));
        if (!otherStdout.isEmpty()) {
            text.append("--- other stdout ---\n").append(otherStdout);
        }
        text.append("--- stderr ---\n").append(stderr);
        return text.toString();
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process may already be gone
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private synchronized void write(Map<String, Object> message) throws IOException {
        stdin.write(JSON.writeValueAsBytes(message));
        stdin.write('\n');
        stdin.flush();
    }

    private void readStdout(InputStream out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.startsWith("{")) {
                    try {
                        incoming.add(JSON.readTree(trimmed));
                        continue;
                    } catch (RuntimeException notJson) {
                        // fall through and keep it as text
                    }
                }
                if (!trimmed.isEmpty()) {
                    otherStdout.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the stream closes when the process ends
        }
    }

    private void readStderr(InputStream err) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stderr.append(line).append('\n');
            }
        } catch (IOException ignored) {
            // the stream closes when the process ends
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, "stdio-json-rpc-" + name);
        thread.setDaemon(true);
        thread.start();
    }
}
