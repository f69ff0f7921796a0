package io.fluxbase.mcp.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Where a server keeps its data and which config file it reads, when the command line does not say. */
final class DataDirectory {

    private DataDirectory() {
    }

    static Path resolve(Map<String, String> environment) {
        String configured = environment.get("FLUXBASE_DATA_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".fluxbase");
    }

    static @Nullable Path configFile(Map<String, String> environment) {
        String configured = environment.get("FLUXBASE_CONFIG");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path local = Path.of("fluxbase.yaml");
        return Files.isRegularFile(local) ? local : null;
    }
}
