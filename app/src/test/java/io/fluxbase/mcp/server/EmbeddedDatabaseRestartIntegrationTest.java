package io.fluxbase.mcp.server;

import static io.fluxbase.mcp.server.DatabaseLogins.authenticationMethods;
import static io.fluxbase.mcp.server.DatabaseLogins.login;
import static io.fluxbase.mcp.server.DatabaseLogins.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.fluxbase.mcp.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting again on a data directory: the stored password is used, a directory made by an older version (which
 * trusted every local connection) is switched to passwords, and a missing or exposed password file stops the start
 * with a message saying what to do.
 */
class EmbeddedDatabaseRestartIntegrationTest {

    @TempDir
    Path dataDir;

    Path passwordFile() {
        return dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);
    }

    Path pgHba() {
        return dataDir.resolve(EmbeddedDatabase.CLUSTER_DIRECTORY).resolve("pg_hba.conf");
    }

    @Test
    void aSecondStartKeepsThePasswordAndTheData() throws SQLException {
        String first;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false)) {
            first = database.url().password();
            try (Connection connection = login(database.url())) {
                connection.createStatement().execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('a')");
            }
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false)) {
            assertThat(database.url().password()).isEqualTo(first);
            assertThat(count(database.url(), "SELECT count(*) FROM kept")).isEqualTo(1);
            assertThat(refusal(database.url(), "wrong").getSQLState()).isEqualTo("28P01");
        }
    }

    @Test
    void aDirectoryThatTrustedEveryLoginIsSwitchedToPasswords() throws IOException, SQLException {
        // what older versions left behind: zonky's defaults, initdb -A trust, no password file
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve(EmbeddedDatabase.CLUSTER_DIRECTORY))
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .start();
                Connection connection = old.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('a')");
        }
        assertThat(Files.readString(pgHba())).containsPattern("(?m)^host\\s.*\\strust\\s*$");

        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false)) {
            DatabaseUrl url = database.url();
            password = url.password();
            assertThat(refusal(url, null).getMessage()).contains("SCRAM");
            assertThat(refusal(url, "wrong").getSQLState()).isEqualTo("28P01");
            assertThat(count(url, "SELECT count(*) FROM kept")).isEqualTo(1);
            assertThat(authenticationMethods(url)).containsExactly("scram-sha-256");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(passwordFile()).strip()).isEqualTo(password);
        assertThat(Files.readString(pgHba())).startsWith("# Fluxbase changed \"trust\" to \"scram-sha-256\"")
                .doesNotContainPattern("(?m)^(local|host)\\s.*\\strust\\s*$");

        // the next start finds nothing left to switch and logs in with the stored password
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false)) {
            assertThat(database.url().password()).isEqualTo(password);
            assertThat(count(database.url(), "SELECT count(*) FROM kept")).isEqualTo(1);
        }
    }

    @Test
    void aMissingPasswordFileStopsTheStartAndTheRecoveryItNamesWorks() throws IOException, SQLException {
        EmbeddedDatabase.start(dataDir, false).close();
        Files.delete(passwordFile());

        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(passwordFile() + " is missing")
                .hasMessageContaining(pgHba().toString());

        // the way out the message offers: trust again for one start, which sets and stores a new password
        Files.writeString(pgHba(), Files.readString(pgHba()).replace("scram-sha-256", "trust"));
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false)) {
            assertThat(Files.readString(passwordFile()).strip()).isEqualTo(database.url().password());
            assertThat(count(database.url(), "SELECT 1")).isEqualTo(1);
            assertThat(refusal(database.url(), "wrong").getSQLState()).isEqualTo("28P01");
        }
    }

    @Test
    void aPasswordFileOthersCanReadStopsTheStart() throws IOException {
        EmbeddedDatabase.start(dataDir, false).close();
        Files.setPosixFilePermissions(passwordFile(), PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(passwordFile().toString())
                .hasMessageContaining("chmod 600 " + passwordFile());
    }

    @Test
    void aPasswordFileItCannotReadStopsTheStart() throws IOException {
        EmbeddedDatabase.start(dataDir, false).close();
        Files.setPosixFilePermissions(passwordFile(), PosixFilePermissions.fromString("-w-------"));
        // root reads any file: then there is nothing to refuse
        assumeFalse(Files.isReadable(passwordFile()), "running as root");

        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read " + passwordFile())
                .hasMessageContaining("chmod 600 " + passwordFile());
    }

    @Test
    void aThrowawayDatabaseHasAPasswordItKeepsNowhere() throws IOException {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, true)) {
            assertThat(database.url().password()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(refusal(database.url(), null).getMessage()).contains("SCRAM");
            assertThat(refusal(database.url(), "wrong").getSQLState()).isEqualTo("28P01");
            try (var files = Files.list(dataDir)) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .containsExactly(EmbeddedDatabase.CLUSTER_DIRECTORY);
            }
        }
    }

    private static long count(DatabaseUrl url, String sql) {
        try (Connection connection = login(url); ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
