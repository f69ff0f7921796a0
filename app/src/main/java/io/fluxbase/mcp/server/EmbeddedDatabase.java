package io.fluxbase.mcp.server;

import io.fluxbase.mcp.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default database: a real PostgreSQL run from the data directory and kept across restarts. Commits are
 * synchronous and flushed (the embedded binaries default to test settings that are not), zonky's own shutdown hook
 * is off so the database stops last, and a postmaster left behind by a killed JVM is stopped before starting again.
 * Every login needs a password (scram-sha-256, local and TCP alike): the superuser's is generated at the first start
 * and kept, mode 0600, in the data directory; a cluster made by older versions, which trusted every local
 * connection, is switched over on its next start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The cluster, under the data directory. */
    public static final String CLUSTER_DIRECTORY = "postgres";
    /** The superuser's password, under the data directory next to admin-token. */
    public static final String PASSWORD_FILE = "postgres-password";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts the cluster in {@code dataDir/postgres}, creating it when missing. A throwaway cluster (tests) gets a
     * password of its own that is kept nowhere, and is deleted on close.
     */
    public static EmbeddedDatabase start(Path dataDir, boolean throwaway) {
        Path cluster = dataDir.resolve(CLUSTER_DIRECTORY);
        try {
            Files.createDirectories(dataDir);
            stopLeftoverPostmaster(cluster);
            if (throwaway) {
                return startThrowaway(dataDir, cluster);
            }
            PasswordFile stored = new PasswordFile(dataDir.resolve(PASSWORD_FILE));
            if (Files.exists(cluster.resolve("postgresql.conf"))) {
                return startExisting(cluster, stored);
            }
            String password = stored.exists() ? stored.read() : stored.create(PasswordFile.generatePassword());
            return new EmbeddedDatabase(withInitdbPassword(cluster(cluster, false, password), stored).start(),
                    password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + cluster, e);
        }
    }

    private static EmbeddedDatabase startThrowaway(Path dataDir, Path cluster) throws IOException {
        String password = PasswordFile.generatePassword();
        PasswordFile forInitdb = new PasswordFile(dataDir.resolve("initdb-password-" + UUID.randomUUID()));
        forInitdb.create(password);
        try {
            return new EmbeddedDatabase(withInitdbPassword(cluster(cluster, true, password), forInitdb).start(),
                    password);
        } finally {
            forInitdb.delete();
        }
    }

    private static EmbeddedDatabase startExisting(Path cluster, PasswordFile stored) throws IOException {
        PgHbaFile hba = PgHbaFile.in(cluster);
        boolean trusting = hba.trustsAnyConnection();
        if (!stored.exists() && !trusting) {
            throw new IllegalArgumentException("The embedded PostgreSQL in " + cluster + " requires a password, but "
                    + stored.path() + " is missing. Put that file back (one line, the postgres password; chmod 600),"
                    + " or, to set a new password, change every " + PgHbaFile.SCRAM + " in " + hba.path() + " to "
                    + PgHbaFile.TRUST + " and start again: Fluxbase then generates one.");
        }
        String password = stored.exists() ? stored.read() : stored.create(PasswordFile.generatePassword());
        EmbeddedDatabase database = new EmbeddedDatabase(cluster(cluster, false, password).start(), password);
        if (trusting) {
            try {
                database.requirePasswords(hba);
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
            log.warn("The embedded PostgreSQL in {} let every local connection in without a password; it now asks"
                    + " for one ({}). The postgres password is in {} (mode 0600); `fluxbase db url` prints a URL"
                    + " that includes it.", cluster, PgHbaFile.SCRAM, stored.path());
        }
        return database;
    }

    /**
     * Gives the superuser the stored password, then makes pg_hba.conf ask for it. Done again on every start while
     * a rule still trusts, so a start interrupted half-way finishes on the next one.
     */
    private void requirePasswords(PgHbaFile hba) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = '" + PgHbaFile.SCRAM + "'");
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.replace("'", "''") + "'");
            hba.requirePasswords();
            try (ResultSet errors = statement.executeQuery(
                    "SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL")) {
                if (errors.next()) {
                    // PostgreSQL would keep the old rules on reload and refuse to start on the next restart
                    hba.restore();
                    throw new IllegalStateException(hba.path() + " line " + errors.getInt(1) + ": "
                            + errors.getString(2) + " (after changing trust to " + PgHbaFile.SCRAM
                            + "; the file is back as it was). Fix that line and start again.");
                }
            }
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not give the embedded PostgreSQL's superuser a password", e);
        }
    }

    private static EmbeddedPostgres.Builder cluster(Path cluster, boolean throwaway, String password)
            throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(throwaway)
                .setRegisterShutdownHook(false)
                .setPort(freePort())
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky's readiness probe logs in as postgres
                .setConnectConfig("password", password)
                // The embedded binaries default to test settings; a user's data must survive a crash.
                .setServerConfig("synchronous_commit", throwaway ? "off" : "on")
                .setServerConfig("fsync", throwaway ? "off" : "on")
                .setServerConfig("full_page_writes", throwaway ? "off" : "on")
                .setServerConfig("max_connections", "200");
    }

    /** Zonky runs initdb with -A trust; these options come after it and win. */
    private static EmbeddedPostgres.Builder withInitdbPassword(EmbeddedPostgres.Builder builder, PasswordFile file) {
        return builder
                .setLocaleConfig("auth-host", PgHbaFile.SCRAM)
                .setLocaleConfig("auth-local", PgHbaFile.SCRAM)
                .setLocaleConfig("pwfile", file.path().toString());
    }

    public DatabaseUrl url() {
        return new DatabaseUrl("127.0.0.1", postgres.getPort(), "postgres", SUPERUSER, password);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
        }
    }

    private static void stopLeftoverPostmaster(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> leftover = lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        if (leftover.isPresent() && leftover.get().isAlive()) {
            ProcessHandle process = leftover.get();
            process.destroy(); // SIGTERM: PostgreSQL's smart shutdown
            try {
                process.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
