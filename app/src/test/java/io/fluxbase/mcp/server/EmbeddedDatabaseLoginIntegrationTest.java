package io.fluxbase.mcp.server;

import static io.fluxbase.mcp.server.DatabaseLogins.authenticationMethods;
import static io.fluxbase.mcp.server.DatabaseLogins.login;
import static io.fluxbase.mcp.server.DatabaseLogins.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.config.DatabaseUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL as `fluxbase start` creates it in a new data directory: every login needs the
 * superuser's password, which the database's URL carries and the data directory keeps for its owner alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedDatabaseLoginIntegrationTest {

    @TempDir
    static Path dataDir;
    EmbeddedDatabase database;
    DatabaseUrl url;

    @BeforeAll
    void start() {
        database = EmbeddedDatabase.start(dataDir, false);
        url = database.url();
    }

    @AfterAll
    void stop() {
        database.close();
    }

    @Test
    void listensOnLoopbackTcp() {
        assertThat(url.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    }

    @Test
    void aLoginWithoutAPasswordIsRefusedBecauseTheServerAsksForScram() {
        // pgjdbc gives up before sending anything once the server asks for SCRAM and it has no password to answer
        for (String none : new String[] {null, ""}) {
            SQLException refused = refusal(url, none);
            assertThat(refused.getSQLState()).as("password %s", none).isEqualTo("08004");
            assertThat(refused.getMessage()).contains("SCRAM");
        }
    }

    @Test
    void aLoginWithAWrongPasswordIsRefused() {
        assertThat(refusal(url, "not-the-password").getSQLState()).isEqualTo("28P01");
        assertThat(refusal(url, url.password() + "x").getSQLState()).isEqualTo("28P01");
    }

    @Test
    void theUrlItReportsLogsInAsTheSuperuser() throws SQLException {
        try (Connection connection = login(url);
                ResultSet row = connection.createStatement().executeQuery(
                        "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("postgres");
            assertThat(row.getBoolean(2)).isTrue();
        }
        // what `fluxbase db url` prints parses back to the same login
        assertThat(DatabaseUrl.parse(url.psqlUrl())).isEqualTo(url);
    }

    @Test
    void everyRuleLocalAndTcpAsksForScram() throws SQLException {
        assertThat(authenticationMethods(url)).containsExactly("scram-sha-256");
    }

    @Test
    void thePasswordIsLongRandomAndStoredForItsOwnerOnly() throws IOException {
        Path file = dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).isEqualTo(url.password());
        assertThat(url.password()).hasSizeGreaterThanOrEqualTo(32).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void theSuperusersPasswordIsStoredAsAScramVerifier() throws SQLException {
        try (Connection connection = login(url);
                ResultSet row = connection.createStatement().executeQuery(
                        "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).startsWith("SCRAM-SHA-256$");
        }
    }

    @Test
    void noOtherFileInTheDataDirectoryHoldsThePassword() throws IOException {
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder(EmbeddedDatabase.CLUSTER_DIRECTORY, EmbeddedDatabase.PASSWORD_FILE);
        }
    }
}
