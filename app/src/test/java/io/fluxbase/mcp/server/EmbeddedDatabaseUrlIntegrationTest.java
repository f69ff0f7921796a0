package io.fluxbase.mcp.server;

import static io.fluxbase.mcp.server.DatabaseLogins.login;
import static io.fluxbase.mcp.server.DatabaseLogins.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.cli.FluxbaseCli;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.config.DatabaseUrl;
import io.fluxbase.mcp.support.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `fluxbase db url` keeps printing a URL that logs in, now that the embedded database asks for a password. */
class EmbeddedDatabaseUrlIntegrationTest {

    @Test
    void theUrlFluxbaseDbUrlPrintsLogsInAndNothingLessDoes() throws SQLException {
        try (TestServer server = TestServer.start()) {
            CommandLine cli = FluxbaseCli.commandLine(new CliEnvironment(
                    Map.of("FLUXBASE_DATA_DIR", server.server().dataDir().toString()), Path.of("/nonexistent-home"),
                    Clock.systemUTC(), duration -> Thread.sleep(duration)));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute("db", "url")).as(err.toString()).isZero();

            DatabaseUrl printed = DatabaseUrl.parse(out.toString().strip());
            assertThat(printed.password()).isNotEmpty().isEqualTo(server.server().database().password());
            try (Connection connection = login(printed)) {
                assertThat(connection.isValid(5)).isTrue();
            }
            assertThat(refusal(printed, null).getMessage()).contains("SCRAM");
            assertThat(refusal(printed, "wrong").getSQLState()).isEqualTo("28P01");
        }
    }
}
