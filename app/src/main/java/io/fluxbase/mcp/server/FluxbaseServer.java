package io.fluxbase.mcp.server;

import io.fluxbase.mcp.FluxbaseApplication;
import io.fluxbase.mcp.config.DatabaseUrl;
import io.fluxbase.mcp.config.FluxbaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One running node: settings read and checked, the database located (or the embedded one started), the Spring
 * application started on it. Closing stops the application first and the database last.
 */
public final class FluxbaseServer implements AutoCloseable {

    private static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

    private final ConfigurableApplicationContext context;
    private final @Nullable EmbeddedDatabase embedded;
    private final DatabaseUrl database;
    private final ServerOptions options;
    private final FluxbaseSettings settings;

    private FluxbaseServer(ConfigurableApplicationContext context, @Nullable EmbeddedDatabase embedded,
            DatabaseUrl database, ServerOptions options, FluxbaseSettings settings) {
        this.context = context;
        this.embedded = embedded;
        this.database = database;
        this.options = options;
        this.settings = settings;
    }

    /**
     * Reactor Netty runs at least four event loops for HTTP and four for the database client. On a machine with
     * fewer cores, where PostgreSQL and the command log's writer share those cores, the extra loops only add thread
     * hand-overs (see bench/README.md). An explicit {@code -Dreactor.netty.ioWorkerCount} still wins.
     */
    private static void oneEventLoopPerCore() {
        if (System.getProperty(IO_WORKER_COUNT) == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.setProperty(IO_WORKER_COUNT, String.valueOf(Math.max(2, cores)));
        }
    }

    public static FluxbaseServer start(ServerOptions options) {
        return start(options, new Class<?>[0]);
    }

    /**
     * Starts a node with more Spring configuration beside the application's own, for code that embeds the server
     * (the conformance test adds its fixtures as {@code McpServerAdditions} this way). Nothing outside the JVM, no
     * setting or environment variable, can add anything.
     */
    public static FluxbaseServer start(ServerOptions options, Class<?>... additions) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        oneEventLoopPerCore();
        FluxbaseSettings settings = FluxbaseSettings.load(options.configFile(), options.environment());
        EmbeddedDatabase embedded = null;
        DatabaseUrl database;
        String configured = settings.get("database.url");
        if (configured.isBlank()) {
            refuseIfInUse(options.dataDir());
            embedded = EmbeddedDatabase.start(options.dataDir(), options.throwawayDatabase());
            database = embedded.url();
        } else {
            database = DatabaseUrl.parse(configured);
        }
        try {
            Map<String, Object> properties = new HashMap<>(settings.asSpringProperties());
            properties.put("fluxbase.db.url", database.psqlUrl());
            properties.put("fluxbase.data-dir", options.dataDir().toString());
            properties.put("server.port", String.valueOf(options.port()));
            properties.put("server.address", options.host());
            properties.put("fluxbase.admin-token", options.environment().getOrDefault("FLUXBASE_ADMIN_TOKEN", ""));
            SpringApplication application = new SpringApplication(FluxbaseApplication.class);
            application.addPrimarySources(List.of(additions));
            // What this node resolved from its options, config file and environment outranks what Spring finds on
            // its own: an environment variable such as FLUXBASE_DATA_DIR, meant for the node the user runs, must not
            // point another node in the same process (fluxbase train's throwaway server, a test's) at that node's
            // data directory or database. (Spring's default properties rank below the environment.)
            application.addListeners(event -> {
                if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
                    prepared.getEnvironment().getPropertySources()
                            .addFirst(new MapPropertySource("fluxbase-node", properties));
                }
            });
            application.setRegisterShutdownHook(false);
            ConfigurableApplicationContext context = application.run();
            FluxbaseServer server = new FluxbaseServer(context, embedded, database, options, settings);
            server.writeServerFile();
            return server;
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * A data directory serves one server at a time: when the server recorded in server.json is still running, a second
     * one must not start (it would take the running server's database for a leftover and stop it).
     */
    private static void refuseIfInUse(Path dataDir) {
        Path serverFile = dataDir.resolve("server.json");
        if (!Files.isReadable(serverFile)) {
            return;
        }
        try {
            java.util.regex.Matcher pid = java.util.regex.Pattern.compile("\"pid\":(\\d+)")
                    .matcher(Files.readString(serverFile));
            if (pid.find()) {
                long owner = Long.parseLong(pid.group(1));
                boolean running = owner != ProcessHandle.current().pid()
                        && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
                if (running) {
                    throw new IllegalArgumentException("another Fluxbase server (pid " + owner + ") is using "
                            + dataDir + "; stop it first, or give this one its own --data-dir");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String baseUrl() {
        String host = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
        return "http://" + host + ":" + port();
    }

    public String mcpUrl() {
        return baseUrl() + settings.get("mcp.base_path");
    }

    public DatabaseUrl database() {
        return database;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    public String adminToken() {
        try {
            return Files.readString(options.dataDir().resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    private void writeServerFile() {
        String json = "{\"url\":\"" + baseUrl() + "\",\"mcp_url\":\"" + mcpUrl() + "\",\"pid\":"
                + ProcessHandle.current().pid() + "}\n";
        try {
            Files.writeString(options.dataDir().resolve("server.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write server.json into " + options.dataDir(), e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(options.dataDir().resolve("server.json"));
        } catch (IOException ignored) {
            // a stale server.json only makes the CLI report a refused connection
        }
        try {
            context.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
