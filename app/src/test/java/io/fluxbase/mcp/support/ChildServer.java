package io.fluxbase.mcp.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.util.FileSystemUtils;

/**
 * The server as a real child process on its own data directory, for tests that kill it with SIGKILL and start it
 * again on the same data; spoken to over plain HTTP, as a client that knows nothing of the server's insides.
 */
public final class ChildServer implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dataDir;
    private final int port;
    private final Map<String, String> environment;
    private Process process;

    private ChildServer(Path dataDir, int port, Map<String, String> environment) {
        this.dataDir = dataDir;
        this.port = port;
        this.environment = environment;
    }

    public static ChildServer start() throws Exception {
        return start(Map.of());
    }

    /** {@code environment}: settings for the child, e.g. {@code FLUXBASE_DATABASE_URL} to join another's database. */
    public static ChildServer start(Map<String, String> environment) throws Exception {
        ChildServer server = new ChildServer(Files.createTempDirectory("fluxbase-kill"), freePort(), environment);
        server.launch();
        return server;
    }

    /** The child's operating-system process id. */
    public long pid() {
        return process.pid();
    }

    public String mcpUrl() {
        return base() + "/mcp";
    }

    /** SIGKILL: no shutdown hooks, no flush, nothing. Returns the killed process's pid. */
    public long kill() throws InterruptedException {
        long pid = process.pid();
        process.destroyForcibly();
        process.waitFor();
        return pid;
    }

    /**
     * SIGQUIT to the embedded PostgreSQL left behind by a killed server: its immediate shutdown, which writes nothing
     * more, so what it held only in memory (asynchronous commits not yet flushed) is lost, as in a power cut. The next
     * start runs crash recovery.
     */
    public void crashDatabase() throws Exception {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle handle = ProcessHandle.of(postmaster).orElseThrow(() -> new AssertionError(
                "the embedded PostgreSQL (pid " + postmaster + ") is not running"));
        assertThat(new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster)).start().waitFor())
                .as("kill -QUIT %s", postmaster).isZero();
        handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts the server again on the same data directory and port. */
    public void restart() throws Exception {
        launch();
    }

    public String admin(String path, Object body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return response.body();
    }

    /** A new key's secret. */
    @SuppressWarnings("unchecked")
    public String createKey(Map<String, Object> request) throws Exception {
        return (String) TestServer.JSON.readValue(admin("/admin/v1/clientkeys", request), Map.class).get("key");
    }

    public String openSession(String secret) throws IOException, InterruptedException {
        HttpResponse<String> init = post(secret, null, """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"kill-test","version":"1"}}}""", "kill-test");
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(secret, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "kill-test");
        return session;
    }

    public HttpResponse<String> post(String secret, String session, String body, String agent)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mcpUrl()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("X-Client-Key", secret)
                .header("User-Agent", agent)
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The owner's connection to the server's database. */
    public Connection database() throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base() + "/admin/v1/db/url"))
                .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString()).body();
        URI uri = URI.create((String) TestServer.JSON.readValue(body, Map.class).get("url"));
        String[] user = uri.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                user[0], user.length > 1 ? user[1] : "");
    }

    public static List<Long> longs(Connection db, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    public static long single(Connection db, String sql) {
        try {
            return longs(db, sql).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
        FileSystemUtils.deleteRecursively(dataDir);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private String token() throws IOException {
        return Files.readString(dataDir.resolve("admin-token")).strip();
    }

    private void launch() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.fluxbase.mcp.FluxbaseMain", "start", "--port", String.valueOf(port), "--data-dir",
                dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.environment().remove("FLUXBASE_DATA_DIR");
        builder.environment().putAll(environment);
        process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server process (see %s)", dataDir.resolve("server.log")).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base() + "/mcp/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server did not become healthy; see " + dataDir.resolve("server.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
