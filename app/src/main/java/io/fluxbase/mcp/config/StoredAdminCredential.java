package io.fluxbase.mcp.config;

import io.fluxbase.mcp.kernel.admin.AdminCredential;
import io.fluxbase.mcp.kernel.admin.AdminTokenReplaced;
import io.fluxbase.mcp.kernel.clientkey.ClientKeySecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The admin token: created by the first node to start on a database, kept there as a hash, its plaintext written
 * 0600 into that node's data directory where the local CLI finds it. Other nodes use the stored hash and never
 * replace it; {@code FLUXBASE_ADMIN_TOKEN} sets the token explicitly (for a cluster, or to replace a lost or leaked
 * one). Every node reads the stored hash again each second, so a token replaced by one node is refused by all of them
 * within a second, and the dashboard sessions it opened end.
 */
@Component
class StoredAdminCredential implements AdminCredential {

    private static final Logger log = LoggerFactory.getLogger(StoredAdminCredential.class);
    static final String FILE_NAME = "admin-token";

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private volatile String tokenHash;

    StoredAdminCredential(JdbcTemplate jdbc, ApplicationEventPublisher events,
            @Value("${fluxbase.data-dir}") Path dataDir, @Value("${fluxbase.admin-token:}") String configuredToken,
            FlywayMigrationInitializer migrated) {
        this.jdbc = jdbc;
        this.events = events;
        this.tokenHash = ensureToken(jdbc, dataDir.resolve(FILE_NAME), configuredToken.strip());
    }

    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void followStoredToken() {
        List<String> stored = storedHash(jdbc);
        if (!stored.isEmpty() && !stored.getFirst().equals(tokenHash)) {
            tokenHash = stored.getFirst();
            log.warn("The admin token was replaced on the database (FLUXBASE_ADMIN_TOKEN on another node): the old one"
                    + " is refused from now on, and the dashboard sessions it opened are ended");
            events.publishEvent(new AdminTokenReplaced());
        }
    }

    @Override
    public boolean accepts(String presentedToken) {
        byte[] presented = ClientKeySecret.hashOf(presentedToken).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, tokenHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String ensureToken(JdbcTemplate jdbc, Path file, String configured) {
        if (!configured.isEmpty()) {
            String hash = ClientKeySecret.hashOf(configured);
            jdbc.update(UPSERT, hash);
            write(file, configured);
            return hash;
        }
        List<String> stored = storedHash(jdbc);
        if (!stored.isEmpty()) {
            if (!Files.isReadable(file) || !ClientKeySecret.hashOf(read(file)).equals(stored.get(0))) {
                log.warn("This database already has an admin token that {} does not hold. Copy admin-token from the"
                        + " data directory of the node that created it, or set FLUXBASE_ADMIN_TOKEN to replace it.",
                        file);
            }
            return stored.get(0);
        }
        String token = "fba_" + ClientKeySecret.generate().plaintext().substring(ClientKeySecret.KEY_MARKER.length());
        String hash = ClientKeySecret.hashOf(token);
        if (jdbc.update("INSERT INTO fluxbase.admin_token (id, token_hash) VALUES (1, ?) ON CONFLICT DO NOTHING",
                hash) == 0) {
            // another node created one at the same moment: that one counts
            return ensureToken(jdbc, file, configured);
        }
        write(file, token);
        return hash;
    }

    /** The hash on the database; empty before the first node stored one. */
    private static List<String> storedHash(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT token_hash FROM fluxbase.admin_token WHERE id = 1", String.class);
    }

    private static final String UPSERT = """
            INSERT INTO fluxbase.admin_token (id, token_hash) VALUES (1, ?)
            ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now()""";

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String token) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the admin token to " + file, e);
        }
    }
}
