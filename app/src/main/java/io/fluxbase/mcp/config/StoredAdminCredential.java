package io.fluxbase.mcp.config;

import io.fluxbase.mcp.kernel.admin.AdminCredential;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The admin token: created on first start, kept as a hash in the database, its plaintext written 0600 into the
 * data directory where the local CLI finds it. When the file is lost, a new token replaces the old one.
 */
@Component
class StoredAdminCredential implements AdminCredential {

    static final String FILE_NAME = "admin-token";

    private final String tokenHash;

    StoredAdminCredential(JdbcTemplate jdbc, @Value("${fluxbase.data-dir}") Path dataDir,
            FlywayMigrationInitializer migrated) {
        this.tokenHash = ensureToken(jdbc, dataDir.resolve(FILE_NAME));
    }

    @Override
    public boolean accepts(String presentedToken) {
        byte[] presented = ClientKeySecret.hashOf(presentedToken).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, tokenHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String ensureToken(JdbcTemplate jdbc, Path file) {
        List<String> stored = jdbc.queryForList("SELECT token_hash FROM fluxbase.admin_token WHERE id = 1",
                String.class);
        if (!stored.isEmpty() && Files.isReadable(file)) {
            String hash = ClientKeySecret.hashOf(read(file));
            if (hash.equals(stored.get(0))) {
                return hash;
            }
        }
        String token = "fba_" + ClientKeySecret.generate().plaintext().substring(ClientKeySecret.KEY_MARKER.length());
        String hash = ClientKeySecret.hashOf(token);
        jdbc.update("""
                INSERT INTO fluxbase.admin_token (id, token_hash) VALUES (1, ?)
                ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, created_at = now()""", hash);
        write(file, token);
        return hash;
    }

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
