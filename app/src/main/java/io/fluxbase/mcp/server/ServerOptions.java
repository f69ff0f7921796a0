package io.fluxbase.mcp.server;

import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to start a server: where its data lives, where it listens, which config file and environment it reads.
 * {@code throwawayDatabase} (tests) deletes the embedded database on close and skips synchronous commits.
 */
public record ServerOptions(
        Path dataDir,
        String host,
        int port,
        @Nullable Path configFile,
        Map<String, String> environment,
        boolean throwawayDatabase) {

    public ServerOptions {
        environment = Map.copyOf(environment);
    }

    public ServerOptions withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(extra);
        return new ServerOptions(dataDir, host, port, configFile, merged, throwawayDatabase);
    }
}
