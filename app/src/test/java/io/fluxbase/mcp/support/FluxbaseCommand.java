package io.fluxbase.mcp.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.cli.FluxbaseCli;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** The fluxbase command run in-process against a test server, finding it through the data directory as a shell would. */
public final class FluxbaseCommand {

    public record Run(int exit, String out, String err) {
    }

    private FluxbaseCommand() {
    }

    public static Run run(TestServer server, String... args) {
        return runWithInput(server, "", args);
    }

    /** With {@code stdin} as the command's standard input, as in {@code echo value | fluxbase ...}. */
    public static Run runWithInput(TestServer server, String stdin, String... args) {
        CliEnvironment environment = new CliEnvironment(
                Map.of("FLUXBASE_DATA_DIR", server.server().dataDir().toString()), Path.of("/nonexistent-home"),
                Clock.systemUTC(), duration -> Thread.sleep(duration),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        CommandLine cli = FluxbaseCli.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(Run run) {
        assertThat(run.exit()).as(run.err()).isZero();
        return TestServer.JSON.readValue(run.out(), Map.class);
    }
}
