package io.fluxbase.mcp.server;

import io.fluxbase.mcp.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The default database: a real PostgreSQL run from the data directory and kept across restarts. Commits are
 * synchronous and flushed (the embedded binaries default to test settings that are not), zonky's own shutdown hook
 * is off so the database stops last, and a postmaster left behind by a killed JVM is stopped before starting again.
 * Every login needs a password (scram-sha-256, local and TCP alike): the superuser's is generated at the first start
 * and kept, mode 0600, in the data directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The cluster, under the data directory. */
    public static final String CLUSTER_DIRECTORY = "postgres";
    /** The superuser's password, under the data directory next to admin-token. */
    public static final String PASSWORD_FILE = "postgres-password";

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
        String password = stored.read();
        return new EmbeddedDatabase(cluster(cluster, false, password).start(), password);
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
                .setServerConfig("max_connections", "100");
    }

    /** Zonky runs initdb with -A trust; these options come after it and win. */
    private static EmbeddedPostgres.Builder withInitdbPassword(EmbeddedPostgres.Builder builder, PasswordFile file) {
        return builder
                .setLocaleConfig("auth-host", "scram-sha-256")
                .setLocaleConfig("auth-local", "scram-sha-256")
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
