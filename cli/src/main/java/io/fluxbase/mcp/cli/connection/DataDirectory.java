package io.fluxbase.mcp.cli.connection;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a local server keeps its state and tells the CLI how to reach it: {@code --data-dir}, else
 * {@code FLUXBASE_DATA_DIR}, else {@code ~/.fluxbase}. The server must resolve it the same way.
 */
public record DataDirectory(Path path) {

    public static final String ENV_VARIABLE = "FLUXBASE_DATA_DIR";
    public static final String DEFAULT_NAME = ".fluxbase";
    /** Written by a running server: {@code {"url":..., "mcp_url":..., "pid":...}}. */
    public static final String SERVER_FILE = "server.json";
    /** The admin token as one line of plain text. */
    public static final String ADMIN_TOKEN_FILE = "admin-token";

    public DataDirectory {
        path = path.toAbsolutePath().normalize();
    }

    public static DataDirectory resolve(@Nullable Path option, CliEnvironment environment) {
        if (option != null) {
            return new DataDirectory(option);
        }
        return environment.variable(ENV_VARIABLE)
                .map(value -> new DataDirectory(Path.of(value)))
                .orElseGet(() -> new DataDirectory(environment.userHome().resolve(DEFAULT_NAME)));
    }

    public Path serverFile() {
        return path.resolve(SERVER_FILE);
    }

    public Path adminTokenFile() {
        return path.resolve(ADMIN_TOKEN_FILE);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
