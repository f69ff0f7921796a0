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

/**
 * The default database: a real PostgreSQL run from the data directory and kept across restarts. Commits are
 * synchronous and flushed (the embedded binaries default to test settings that are not), zonky's own shutdown hook is off so the database
 * stops last, and a postmaster left behind by a killed JVM is stopped before starting again.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path directory, boolean throwaway) {
        try {
            Files.createDirectories(directory.getParent());
            stopLeftoverPostmaster(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(throwaway)
                    .setRegisterShutdownHook(false)
                    .setPort(freePort())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The embedded binaries default to test settings; a user's data must survive a crash.
                    .setServerConfig("synchronous_commit", throwaway ? "off" : "on")
                    .setServerConfig("fsync", throwaway ? "off" : "on")
                    .setServerConfig("full_page_writes", throwaway ? "off" : "on")
                    .setServerConfig("max_connections", "100")
                    .start();
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory, e);
        }
    }

    public DatabaseUrl url() {
        return new DatabaseUrl("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
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
