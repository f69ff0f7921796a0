package io.fluxbase.mcp.cli;

import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.Sleeper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code fluxbase} command in-process with a fixed environment and captures what it prints. */
public final class CliRun {

    public static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private CliRun() {
    }

    public record Result(int exitCode, String out, String err) {
    }

    /** Fixed clock in UTC; sleeping ends the command as Ctrl+C would, after {@code sleepsAllowed} sleeps. */
    public static CliEnvironment environment(Map<String, String> variables, Path home, int sleepsAllowed) {
        int[] sleeps = {0};
        Sleeper sleeper = duration -> {
            if (sleeps[0]++ >= sleepsAllowed) {
                throw new InterruptedException("test over");
            }
        };
        return new CliEnvironment(variables, home, Clock.fixed(NOW, ZoneOffset.UTC), sleeper);
    }

    public static CliEnvironment environment(Map<String, String> variables, Path home) {
        return environment(variables, home, 0);
    }

    public static Result run(CliEnvironment environment, String... args) {
        CommandLine commandLine = FluxbaseCli.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        // A poll loop ended by the test sleeper leaves the interrupt flag set; don't let it leak into the next test.
        Thread.interrupted();
        return new Result(exitCode, out.toString(), err.toString());
    }
}
