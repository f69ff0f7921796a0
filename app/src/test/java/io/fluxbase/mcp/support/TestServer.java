package io.fluxbase.mcp.support;

import io.fluxbase.mcp.config.DatabaseUrl;
import io.fluxbase.mcp.server.FluxbaseServer;
import io.fluxbase.mcp.server.ServerOptions;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real node for integration tests: the application on a random loopback port over a throwaway embedded
 * PostgreSQL, plus the ways a user reaches it (the admin API, the MCP SDK client, raw HTTP, psql-like JDBC).
 */
public final class TestServer implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final FluxbaseServer server;
    private final Path dataDir;
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger();
    /** How long a request without a timeout of its own may wait for its answer. */
    private static final Duration UNANSWERED = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<InetAddress, HttpClient> httpFrom = new ConcurrentHashMap<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    /** A database this server alone ran on, stopped after it; null when the server's own is embedded. */
    private final AutoCloseable database;

    private TestServer(FluxbaseServer server, Path dataDir, AutoCloseable database) {
        this.server = server;
        this.dataDir = dataDir;
        this.database = database;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** {@code additions}: Spring configuration beside the application's, e.g. conformance fixtures. */
    public static TestServer start(Map<String, String> environment, Class<?>... additions) {
        return startOn("127.0.0.1", environment, additions);
    }

    /** Listening on {@code host}, as {@code fluxbase start --host} does (a loopback address in tests). */
    public static TestServer startOn(String host, Map<String, String> environment, Class<?>... additions) {
        try {
            Path dir = Files.createTempDirectory("fluxbase-test");
            return new TestServer(FluxbaseServer.start(
                    new ServerOptions(dir, host, 0, null, environment, true), additions), dir, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server whose own login is not a superuser (see {@link NonSuperuserCluster}), on a cluster of its own that
     * stops with it: {@link #database()} and the helpers on it then run as that login.
     */
    public static TestServer startAsNonSuperuser() {
        NonSuperuserCluster cluster = NonSuperuserCluster.start();
        try {
            Path dir = Files.createTempDirectory("fluxbase-test");
            return new TestServer(FluxbaseServer.start(new ServerOptions(dir, "127.0.0.1", 0, null,
                    Map.of("FLUXBASE_DATABASE_URL", cluster.serverUrl().psqlUrl()), true)), dir, cluster);
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public FluxbaseServer server() {
        return server;
    }

    public String mcpUrl() {
        return server.mcpUrl();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    // ---- admin API ----

    public record Key(String id, String secret) {
    }

    public Key createKey(Map<String, Object> request) {
        Map<String, Object> created = admin("POST", "/admin/v1/clientkeys", request, 201);
        return new Key((String) created.get("id"), (String) created.get("key"));
    }

    public Key createKey(String name, String type, String... scopes) {
        return createKey(Map.of("name", name, "type", type, "scopes", List.of(scopes)));
    }

    public void applySql(String sql) {
        admin("POST", "/admin/v1/db/apply", Map.of("sql", sql), 200);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> admin(String method, String path, Object body, int expectedStatus) {
        HttpResponse<String> response = adminRaw(method, path, body);
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError("admin " + method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readValue(response.body(), Map.class);
    }

    public HttpResponse<String> adminRaw(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + server.adminToken())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return send(request.build());
    }

    // ---- MCP ----

    /** The official SDK client over Streamable HTTP, presenting the key in X-Client-Key; closed with the server. */
    public McpSyncClient client(String key) {
        McpSyncClient client = unstartedClient(Map.of("X-Client-Key", key));
        client.initialize();
        return client;
    }

    /** The official SDK client of another server at {@code mcpUrl} (a child process, say); closed with this one. */
    public McpSyncClient client(String key, String mcpUrl) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        mcpUrl.substring(0, mcpUrl.indexOf('/', "http://".length())))
                .endpoint(URI.create(mcpUrl).getPath())
                .requestBuilder(HttpRequest.newBuilder().header("X-Client-Key", key))
                .build();
        McpSyncClient client = McpClient.sync(transport).clientInfo(new McpSchema.Implementation("fluxbase-tests",
                "1.0")).requestTimeout(Duration.ofSeconds(30)).build();
        clients.add(client);
        client.initialize();
        return client;
    }

    /** The SDK client sending exactly these headers, not yet initialized; closed with the server. */
    public McpSyncClient unstartedClient(Map<String, String> headers) {
        return unstartedClient(headers, null);
    }

    /** As {@link #client(String)}, told when the server's resource list changes (the SDK then lists them again). */
    public McpSyncClient client(String key, java.util.function.Consumer<List<McpSchema.Resource>> resourcesChanged) {
        McpSyncClient client = unstartedClient(Map.of("X-Client-Key", key), null,
                spec -> spec.resourcesChangeConsumer(resourcesChanged));
        client.initialize();
        return client;
    }

    /** As {@link #unstartedClient(Map)}, connecting from {@code from} (see {@link #freshClientAddress()}). */
    public McpSyncClient unstartedClient(Map<String, String> headers, InetAddress from) {
        return unstartedClient(headers, from, spec -> spec);
    }

    private McpSyncClient unstartedClient(Map<String, String> headers, InetAddress from,
            java.util.function.UnaryOperator<McpClient.SyncSpec> more) {
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        headers.forEach(requests::header);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl())
                .endpoint(URI.create(mcpUrl()).getPath())
                .requestBuilder(requests)
                .customizeClient(client -> {
                    if (from != null) {
                        client.localAddress(from);
                    }
                })
                .build();
        McpSyncClient client = more.apply(McpClient.sync(transport)
                        .clientInfo(new McpSchema.Implementation("fluxbase-tests", "1.0"))
                        .requestTimeout(Duration.ofSeconds(30)))
                .build();
        clients.add(client);
        return client;
    }

    /**
     * A loopback address no other request of this JVM has come from (127.1.0.1, 127.1.0.2, ...): the server counts
     * failed authentications per client address and minute, so a test that checks the record of each refused request
     * sends it from its own address.
     */
    public static InetAddress freshClientAddress() {
        int n = NEXT_ADDRESS.incrementAndGet();
        try {
            return InetAddress.getByAddress(new byte[] {127, 1, (byte) (n >> 8), (byte) (n & 0xff)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One raw POST to the MCP endpoint from {@code from}. */
    public HttpResponse<String> post(String body, Map<String, String> headers, InetAddress from) {
        return send(postRequest(body, headers), from);
    }

    /** One raw POST to the MCP endpoint, for transport rules the SDK client would never break. */
    public HttpResponse<String> post(String body, Map<String, String> headers) {
        return send(postRequest(body, headers));
    }

    private HttpRequest postRequest(String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mcpUrl()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::setHeader);
        return request.build();
    }

    /** Initializes a raw session and returns its id. */
    public String initialize(String key) {
        HttpResponse<String> response = post("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"raw-test","version":"1"}}}""", Map.of("X-Client-Key", key));
        if (response.statusCode() != 200) {
            throw new AssertionError("initialize answered " + response.statusCode() + ": " + response.body());
        }
        String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                Map.of("X-Client-Key", key, "Mcp-Session-Id", session));
        return session;
    }

    /** {@link #send(HttpRequest)} from the client address {@code from}. */
    public HttpResponse<String> send(HttpRequest request, InetAddress from) {
        return send(request, httpFrom.computeIfAbsent(from, address -> HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).localAddress(address).build()));
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(request, http);
    }

    /** One GET over a raw socket, for the Host header java.net.http will not let a caller set: {status, body}. */
    public String[] rawGet(String path, String host, String authorization) throws IOException {
        return rawGet(path, host, authorization, InetAddress.getLoopbackAddress());
    }

    /** {@link #rawGet(String, String, String)} from the client address {@code from}. */
    public String[] rawGet(String path, String host, String authorization, InetAddress from) throws IOException {
        URI base = URI.create(baseUrl());
        String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
                + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort(), from, 0)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String status = text.substring(0, text.indexOf("\r\n")).split(" ")[1];
            String body = text.substring(split + 4);
            if (text.substring(0, split).toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new String[] {status, body};
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int end = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, end).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, end + 2, end + 2 + size);
            at = end + 2 + size + 2;
        }
    }

    private HttpResponse<String> send(HttpRequest request, HttpClient http) {
        try {
            // a request the test gave no timeout gets one, so that a server that never answers fails the test (with
            // the threads below) instead of hanging the build
            HttpRequest bounded = request.timeout().isPresent() ? request
                    : HttpRequest.newBuilder(request, (name, value) -> true).timeout(UNANSWERED).build();
            return http.send(bounded, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            // a request that never ends is a bug to find: leave the evidence in the test log
            System.err.println("TestServer: " + request.method() + " " + request.uri() + " timed out; threads:");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                System.err.println("\"" + thread.getName() + "\" " + thread.getState());
                for (StackTraceElement frame : stack) {
                    System.err.println("    at " + frame);
                }
            });
            throw new java.io.UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the database, as its owner ----

    /** Where the database is, with the server's own login. */
    public DatabaseUrl databaseUrl() {
        return server.database();
    }

    public Connection database() {
        try {
            DatabaseUrl url = databaseUrl();
            return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs SQL as the server's own login, as psql would: for tests that plant a fault where db apply may not reach. */
    public void executeAsServer(String sql) {
        try (Connection connection = database(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as a long (0 for NULL). */
    public long count(String sql, Object... parameters) {
        try (Connection connection = database(); var statement = prepare(connection, sql, parameters);
                var rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows a query returns, each a map from column label to value, in column order. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = database(); var statement = prepare(connection, sql, parameters)) {
            try (var result = statement.executeQuery()) {
                var meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), result.getObject(i));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static java.sql.PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        var statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    /** Waits (bounded) until a projection shows what the test expects. */
    /**
     * Waits, if need be, until early in a minute: the requests of a scenario counted per address and minute must
     * fall into one minute.
     */
    public static void startOfAMinute() {
        int second = LocalTime.now(ZoneOffset.UTC).getSecond();
        if (second > 45) {
            try {
                Thread.sleep((61 - second) * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(20), () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Waits at most {@code timeout} until {@code value} gives something other than null, and returns that. */
    public static <T> T await(String what, Duration timeout, java.util.function.Supplier<T> value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T found;
        while ((found = value.get()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // the server is going away anyway
            }
        }
        try {
            server.close();
        } finally {
            if (database != null) {
                try {
                    database.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not stop the server's database", e);
                }
            }
        }
        try {
            FileSystemUtils.deleteRecursively(dataDir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
