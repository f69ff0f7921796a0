package io.fluxbase.mcp.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerInfoTest {

    @TempDir
    Path dataDir;

    @Test
    void writesTheFormatTheCliReads() throws IOException {
        Path file = dataDir.resolve(DataDirectory.SERVER_FILE);
        ServerInfo info = new ServerInfo("http://127.0.0.1:8080", "http://127.0.0.1:8080/mcp", 123L);

        info.write(file);

        assertThat(Files.readString(file))
                .isEqualTo("{\"url\":\"http://127.0.0.1:8080\",\"mcp_url\":\"http://127.0.0.1:8080/mcp\",\"pid\":123}");
        assertThat(ServerInfo.read(file)).isEqualTo(info);
        assertThat(dataDir.resolve(DataDirectory.SERVER_FILE + ".tmp")).doesNotExist();
    }
}
