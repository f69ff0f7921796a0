package io.fluxbase.mcp.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.cli.CliRun;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConnectionTest {

    @TempDir
    Path home;

    private Path defaultDataDir() throws IOException {
        return Files.createDirectories(home.resolve(".fluxbase"));
    }

    private ServerConnection resolve(String server, String token, Path dataDir, Map<String, String> variables) {
        CliEnvironment environment = CliRun.environment(variables, home);
        return ServerConnection.resolve(server, token, DataDirectory.resolve(dataDir, environment), environment);
    }

    private static void writeServerFiles(Path dataDir, String url, String token) throws IOException {
        Files.writeString(dataDir.resolve("server.json"),
                "{\"url\":\"" + url + "\",\"mcp_url\":\"" + url + "/mcp\",\"pid\":123}");
        Files.writeString(dataDir.resolve("admin-token"), token + "\n");
    }

    @Test
    void readsTheFilesOfALocalServer() throws IOException {
        writeServerFiles(defaultDataDir(), "http://127.0.0.1:8080", "file-token");

        ServerConnection connection = resolve(null, null, null, Map.of());

        assertThat(connection.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(connection.token()).isEqualTo("file-token");
    }

    @Test
    void environmentVariablesWinOverFiles() throws IOException {
        writeServerFiles(defaultDataDir(), "http://127.0.0.1:8080", "file-token");

        ServerConnection connection = resolve(null, null, null,
                Map.of("FLUXBASE_URL", "https://fluxbase.example.com/", "FLUXBASE_TOKEN", "env-token"));

        assertThat(connection.baseUrl()).isEqualTo(URI.create("https://fluxbase.example.com"));
        assertThat(connection.token()).isEqualTo("env-token");
    }

    @Test
    void optionsWinOverEverything() throws IOException {
        writeServerFiles(defaultDataDir(), "http://127.0.0.1:8080", "file-token");

        ServerConnection connection = resolve("http://10.0.0.5:9000", "option-token", null,
                Map.of("FLUXBASE_URL", "http://env:1", "FLUXBASE_TOKEN", "env-token"));

        assertThat(connection.baseUrl()).isEqualTo(URI.create("http://10.0.0.5:9000"));
        assertThat(connection.token()).isEqualTo("option-token");
    }

    @Test
    void eachValueComesFromTheFirstPlaceThatHasIt() throws IOException {
        writeServerFiles(defaultDataDir(), "http://127.0.0.1:8080", "file-token");

        ServerConnection connection = resolve(null, null, null, Map.of("FLUXBASE_URL", "http://other:8080"));

        assertThat(connection.baseUrl()).isEqualTo(URI.create("http://other:8080"));
        assertThat(connection.token()).isEqualTo("file-token");
    }

    @Test
    void dataDirectoryComesFromOptionThenVariableThenHome() throws IOException {
        Path fromVariable = Files.createDirectories(home.resolve("from-variable"));
        Path fromOption = Files.createDirectories(home.resolve("from-option"));
        writeServerFiles(fromVariable, "http://variable:1", "t1");
        writeServerFiles(fromOption, "http://option:2", "t2");

        assertThat(resolve(null, null, null, Map.of("FLUXBASE_DATA_DIR", fromVariable.toString())).baseUrl())
                .isEqualTo(URI.create("http://variable:1"));
        assertThat(resolve(null, null, fromOption, Map.of("FLUXBASE_DATA_DIR", fromVariable.toString())).baseUrl())
                .isEqualTo(URI.create("http://option:2"));
    }

    @Test
    void saysWhatToDoWhenNoServerIsFound() {
        assertThatThrownBy(() -> resolve(null, null, null, Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessage("no running server found in " + home.resolve(".fluxbase")
                        + " (server.json missing); start one with 'fluxbase start' or set FLUXBASE_URL and"
                        + " FLUXBASE_TOKEN");
    }

    @Test
    void saysWhereTheTokenWasLookedFor() {
        assertThatThrownBy(() -> resolve("http://127.0.0.1:8080", null, null, Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessage("no admin token found in " + home.resolve(".fluxbase")
                        + " (admin-token missing); set FLUXBASE_TOKEN or pass --token");
    }

    @Test
    void rejectsABrokenServerFile() throws IOException {
        Path dataDir = defaultDataDir();
        Files.writeString(dataDir.resolve("server.json"), "{not json");

        assertThatThrownBy(() -> resolve(null, "t", null, Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("cannot read " + dataDir.resolve("server.json"))
                .hasMessageContaining("'fluxbase start'");
    }

    @Test
    void rejectsSomethingThatIsNotAnHttpUrl() {
        assertThatThrownBy(() -> resolve("localhost:8080", "t", null, Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessage("--server: 'localhost:8080' is not an http(s) URL such as http://127.0.0.1:8080");
        assertThatThrownBy(() -> resolve(null, "t", null, Map.of("FLUXBASE_URL", "ftp://host")))
                .hasMessage("FLUXBASE_URL: 'ftp://host' is not an http(s) URL such as http://127.0.0.1:8080");
    }

    @Test
    void neverShowsTheTokenInToString() {
        ServerConnection connection = new ServerConnection(URI.create("http://127.0.0.1:8080"), "secret");

        assertThat(connection.toString()).doesNotContain("secret");
    }
}
