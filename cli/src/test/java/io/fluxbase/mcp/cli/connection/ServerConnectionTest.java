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

        ServerConnection connection = resolve("https://10.0.0.5:9000", "option-token", null,
                Map.of("FLUXBASE_URL", "https://env:1", "FLUXBASE_TOKEN", "env-token"));

        assertThat(connection.baseUrl()).isEqualTo(URI.create("https://10.0.0.5:9000"));
        assertThat(connection.token()).isEqualTo("option-token");
    }

    @Test
    void eachValueComesFromTheFirstPlaceThatHasIt() throws IOException {
        writeServerFiles(defaultDataDir(), "http://127.0.0.1:8080", "file-token");

        ServerConnection connection = resolve(null, null, null, Map.of("FLUXBASE_URL", "https://other:8080"));

        assertThat(connection.baseUrl()).isEqualTo(URI.create("https://other:8080"));
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
    void refusesToSendTheTokenOverPlainHttpToAnotherMachine() throws IOException {
        writeServerFiles(defaultDataDir(), "http://127.0.0.1:8080", "file-token");

        // A FLUXBASE_URL left over from elsewhere would otherwise carry the local admin token across the network.
        assertThatThrownBy(() -> resolve(null, null, null, Map.of("FLUXBASE_URL", "http://other:8080")))
                .isInstanceOf(CliException.class)
                .hasMessage("FLUXBASE_URL: http://other:8080 is plain http to another machine, so the admin token"
                        + " would cross the network readable by anyone on the way; use https, or set"
                        + " FLUXBASE_ALLOW_HTTP=1 if every network between here and the server is trusted");
        assertThatThrownBy(() -> resolve("http://10.0.0.5:9000", "t", null, Map.of()))
                .hasMessageStartingWith("--server: http://10.0.0.5:9000 is plain http to another machine");
        assertThatThrownBy(() -> resolve("HTTP://192.0.2.7", "t", null, Map.of("FLUXBASE_ALLOW_HTTP", "yes")))
                .hasMessageContaining("FLUXBASE_ALLOW_HTTP=1");
    }

    @Test
    void plainHttpIsForThisMachineOrWhenAllowed() throws IOException {
        for (String local : new String[] {"http://127.0.0.1:8080", "http://localhost:8080", "http://LOCALHOST",
                "http://127.10.0.1:9", "http://[::1]:8080"}) {
            assertThat(resolve(local, "t", null, Map.of()).baseUrl()).isEqualTo(URI.create(local));
        }
        assertThat(resolve("http://10.0.0.5:9000", "t", null, Map.of("FLUXBASE_ALLOW_HTTP", "1")).baseUrl())
                .isEqualTo(URI.create("http://10.0.0.5:9000"));
        // What a local server wrote about itself (it may listen on a named address) is its own address.
        writeServerFiles(defaultDataDir(), "http://fluxbase-host:8080", "file-token");
        assertThat(resolve(null, null, null, Map.of()).baseUrl()).isEqualTo(URI.create("http://fluxbase-host:8080"));
    }

    @Test
    void aRefusedUrlEndsTheCommandBeforeAnythingIsSent() {
        CliRun.Result result = CliRun.run(CliRun.environment(Map.of("FLUXBASE_URL", "http://192.0.2.7:9",
                "FLUXBASE_TOKEN", "the-admin-token"), home), "clientkeys", "list");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("FLUXBASE_URL: http://192.0.2.7:9 is plain http to another machine")
                .doesNotContain("the-admin-token");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void neverShowsTheTokenInToString() {
        ServerConnection connection = new ServerConnection(URI.create("http://127.0.0.1:8080"), "secret");

        assertThat(connection.toString()).doesNotContain("secret");
    }
}
