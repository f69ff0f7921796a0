package io.fluxbase.mcp.cli.connection;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --server}, {@code --token} and {@code --data-dir}: how every command that calls the server finds it. */
public final class ConnectionOptions {

    @Option(names = "--server", paramLabel = "URL", order = 100,
            description = "Admin API base URL (default: $FLUXBASE_URL, else the url in <data-dir>/server.json).")
    private @Nullable String server;

    @Option(names = "--token", paramLabel = "TOKEN", order = 101,
            description = "Admin token (default: $FLUXBASE_TOKEN, else <data-dir>/admin-token)."
                    + " Prefer the variable: options show up in process lists.")
    private @Nullable String token;

    @Option(names = "--data-dir", paramLabel = "DIR", order = 102,
            description = "Data directory of a local server (default: $FLUXBASE_DATA_DIR, else ~/.fluxbase).")
    private @Nullable Path dataDirectory;

    public ServerConnection resolve(CliEnvironment environment) {
        return ServerConnection.resolve(server, token, DataDirectory.resolve(dataDirectory, environment), environment);
    }

    /** Resolves the connection and opens a client on it; close it when done. */
    public AdminApiClient connect(CliEnvironment environment) {
        return new AdminApiClient(resolve(environment));
    }
}
