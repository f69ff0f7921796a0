package io.fluxbase.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.cli.FluxbaseCli;
import io.fluxbase.mcp.config.FluxbaseSettings;
import io.fluxbase.mcp.server.StartCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/** The README is the user's manual: its config, commands and client blocks must work as written. */
class ReadmeTest {

    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    private static String readme() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("README.md")) || !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        return Files.readString(dir.resolve("README.md"));
    }

    private static List<String> blocks(String language) throws IOException {
        List<String> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme());
        while (m.find()) {
            if (m.group(1).equals(language)) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    @Test
    void theYamlExampleIsAcceptedAsWritten(@TempDir Path dir) throws IOException {
        List<String> yaml = blocks("yaml");
        assertThat(yaml).isNotEmpty();
        for (String block : yaml) {
            Path file = Files.writeString(dir.resolve("fluxbase.yaml"), block);
            assertThat(FluxbaseSettings.load(file, Map.of()).get("mcp.base_path")).isEqualTo("/mcp");
        }
    }

    @Test
    void everyFluxbaseCommandInTheReadmeParses() throws IOException {
        List<String> commands = new ArrayList<>();
        for (String block : blocks("bash")) {
            String joined = block.replace("\\\n", " ");
            for (String line : joined.split("\n")) {
                String command = line.replaceAll("#.*$", "").trim();
                if (command.startsWith("./fluxbase ")) {
                    commands.add(command.substring("./fluxbase ".length()));
                }
            }
        }
        assertThat(commands).hasSizeGreaterThan(8);
        for (String command : commands) {
            CommandLine cli = FluxbaseCli.commandLine();
            cli.addSubcommand("start", new StartCli());
            // words as a shell splits them: a "quoted phrase" is one argument
            java.util.regex.Matcher words = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)")
                    .matcher(command.replace("--file schema.sql", "--file README.md"));
            List<String> argList = new ArrayList<>();
            while (words.find()) {
                argList.add(words.group(1) != null ? words.group(1) : words.group(2));
            }
            String[] args = argList.toArray(String[]::new);
            assertThat(cli.parseArgs(args).hasSubcommand()).as(command).isTrue();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void claudeDesktopBlocksUseTheHeaderTheServerReads() throws IOException {
        List<String> json = blocks("json");
        assertThat(json).hasSize(2);
        JsonMapper mapper = JsonMapper.builder().build();
        Map<String, Object> remote = (Map<String, Object>) ((Map<String, Object>) mapper.readValue(json.get(0), Map.class)
                .get("mcpServers")).get("fluxbase");
        assertThat(remote).containsEntry("type", "http").containsEntry("url", "http://127.0.0.1:8080/mcp");
        assertThat((Map<String, Object>) remote.get("headers")).containsKey("X-Client-Key");

        Map<String, Object> stdio = (Map<String, Object>) ((Map<String, Object>) mapper.readValue(json.get(1), Map.class)
                .get("mcpServers")).get("fluxbase");
        // the exact arguments McpRemoteIntegrationTest runs mcp-remote with
        assertThat((List<String>) stdio.get("args")).containsExactly("mcp-remote", "http://127.0.0.1:8080/mcp",
                "--transport", "http-only", "--header", "X-Client-Key:${KEY}");
        assertThat((Map<String, Object>) stdio.get("env")).containsKey("KEY");
    }

    @Test
    void everySettingIsInTheConfigurationTable() throws IOException {
        String readme = readme();
        for (String setting : io.fluxbase.mcp.config.FluxbaseSettings.names()) {
            assertThat(readme).as("README row for %s", setting).contains("| `" + setting + "` |");
        }
    }

    @Test
    void documentsNothingThatDoesNotWork() throws IOException {
        assertThat(readme()).doesNotContain("@anthropic/mcp-proxy").doesNotContainPattern("\"command\":\\s*\"curl\"");
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        assertThat(readme()).contains("./mvnw verify");
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve(".ci/run"))) {
            root = root.getParent();
        }
        assertThat(Files.readString(root.resolve(".ci/run"))).containsPattern("\\./mvnw( -\\S+)* verify");
    }
}
