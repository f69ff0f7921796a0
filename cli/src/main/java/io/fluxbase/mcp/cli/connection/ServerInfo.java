package io.fluxbase.mcp.cli.connection;

import io.fluxbase.mcp.cli.json.CliJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jspecify.annotations.Nullable;

/**
 * The content of {@code server.json}, {@code {"url":..., "mcp_url":..., "pid":...}}: how to reach a running server.
 * The server can write it with {@link #write} so both sides agree on the format.
 */
public record ServerInfo(@Nullable String url, @Nullable String mcpUrl, @Nullable Long pid) {

    public static ServerInfo read(Path file) throws IOException {
        return CliJson.MAPPER.readValue(Files.readString(file), ServerInfo.class);
    }

    /** For the server: writes the file whole, so a CLI reading it concurrently never sees half of it. */
    public void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, CliJson.MAPPER.writeValueAsString(this));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
