package io.fluxbase.mcp.server;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the Fluxbase MCP server (embedded PostgreSQL unless database.url is set).")
public class StartCli implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "${env:FLUXBASE_HOST:-127.0.0.1}",
            description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 in containers).")
    String host;

    @Option(names = "--data-dir", description = "Data directory (default $FLUXBASE_DATA_DIR or ~/.fluxbase).")
    @Nullable Path dataDir;

    @Option(names = "--config", description = "Config file (default $FLUXBASE_CONFIG, else ./fluxbase.yaml if present).")
    @Nullable Path config;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = dataDir != null ? dataDir : DataDirectory.resolve(System.getenv());
        Path configFile = config != null ? config : DataDirectory.configFile(System.getenv());
        System.err.println("fluxbase: starting (data in " + dir + ") ...");
        FluxbaseServer server;
        try {
            server = FluxbaseServer.start(new ServerOptions(dir, host, port, configFile, System.getenv(), false));
        } catch (IllegalArgumentException e) {
            System.err.println("fluxbase: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("fluxbase: stopping ...");
            server.close();
            stopped.countDown();
        }, "fluxbase-shutdown"));
        System.out.println();
        System.out.println("Fluxbase MCP server is running.");
        System.out.println("  MCP endpoint : " + server.mcpUrl());
        System.out.println("  Health       : " + server.mcpUrl() + "/health");
        System.out.println("  Dashboard    : " + server.baseUrl() + "/dashboard");
        System.out.println("  Admin token  : " + dir.resolve("admin-token") + " (the fluxbase CLI reads it there)");
        System.out.println("  Database     : ./fluxbase db url");
        System.out.println("  First key    : ./fluxbase clientkeys create --name claude --type anon"
                + " --scopes read:tables,read:schema");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
