package io.fluxbase.mcp.server;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fluxbase train}: the workload the launcher runs once per build under {@code -XX:AOTCacheOutput}, so later
 * starts load the call path's classes from the JDK's ahead-of-time cache, already linked and with their profiles.
 * It starts a throwaway server (its own temporary data directory and embedded database, port chosen by the system),
 * runs {@link TrainingWorkload} and removes everything again. Hidden: users never need to run it themselves.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
        description = "Run a throwaway server through a typical workload (for the launcher's ahead-of-time cache).")
public class TrainCli implements Callable<Integer> {

    private static final String LOG_LEVEL = "logging.level.root";

    @Option(names = "--calls", defaultValue = "4000", description = "Tool calls in all (default ${DEFAULT-VALUE}).")
    int calls;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        if (calls < 1) {
            System.err.println("fluxbase train: --calls must be at least 1, not " + calls);
            return 2;
        }
        // The server's log goes to stderr, so stdout holds only the summary (-o json included).
        PrintStream out = System.out;
        String logLevel = System.getProperty(LOG_LEVEL);
        System.setOut(System.err);
        System.setProperty(LOG_LEVEL, "WARN");
        Path dir = Files.createTempDirectory("fluxbase-train");
        long started = System.nanoTime();
        int answered;
        try (FluxbaseServer server = FluxbaseServer.start(
                new ServerOptions(dir, "127.0.0.1", 0, null, Map.of(), true))) {
            answered = new TrainingWorkload(server).run(calls);
        } finally {
            delete(dir);
            System.setOut(out);
            if (logLevel == null) {
                System.clearProperty(LOG_LEVEL);
            } else {
                System.setProperty(LOG_LEVEL, logLevel);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String took = String.format(Locale.ROOT, "%.1f", seconds);
        switch (output.format()) {
            case TABLE -> System.out.printf("fluxbase train: %d of %d calls answered in %s s%n", answered, calls, took);
            case JSON -> System.out.println(CliJson.pretty(CliJson.MAPPER.valueToTree(
                    Map.of("calls", calls, "answered", answered, "seconds", Double.parseDouble(took)))));
            case CSV -> System.out.print(Csv.render(Grid.withHeaders("calls", "answered", "seconds")
                    .row(String.valueOf(calls), String.valueOf(answered), took)));
        }
        return answered == calls ? 0 : 1;
    }

    private static void delete(Path dir) {
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
