package io.fluxbase.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/** {@code fluxbase train}, the launcher's workload for the JVM's ahead-of-time cache. */
class TrainCliIntegrationTest {

    private record Run(int status, String out, String err) {
    }

    private static Run train(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new TrainCli()).execute(args);
            return new Run(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Set<Path> trainingDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("fluxbase-train"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void runsEveryCallThroughAThrowawayServerAndLeavesNothingBehind() throws IOException {
        Set<Path> before = trainingDirectories();

        Run run = train("--calls", "40", "-o", "json");

        assertThat(run.status()).as(run.err()).isZero();
        // stdout is the summary alone: the server's log went to stderr
        Map<?, ?> summary = JsonMapper.builder().build().readValue(run.out(), Map.class);
        assertThat(summary.get("calls")).isEqualTo(40);
        assertThat(summary.get("answered")).isEqualTo(40);
        assertThat(trainingDirectories()).isEqualTo(before);
    }

    /**
     * The launcher trains on the first start after a build, in the user's environment. FLUXBASE_DATA_DIR there names
     * the user's data directory; Spring reads it (as it reads this system property) above its default properties, and
     * the throwaway server used to write its admin token there, then fail to find it in its own directory.
     */
    @Test
    void trainsInItsOwnDirectoryWhateverTheEnvironmentNames(@TempDir Path users) throws IOException {
        System.setProperty("fluxbase.data-dir", users.toString());
        try {
            Run run = train("--calls", "20", "-o", "json");

            assertThat(run.status()).as(run.err()).isZero();
            try (Stream<Path> left = Files.list(users)) {
                assertThat(left).as("what training wrote into the user's data directory").isEmpty();
            }
        } finally {
            System.clearProperty("fluxbase.data-dir");
        }
    }

    @Test
    void refusesACallCountBelowOne() {
        Run run = train("--calls", "0");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--calls must be at least 1, not 0");
        assertThat(run.out()).isEmpty();
    }
}
