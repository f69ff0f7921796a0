package io.fluxbase.mcp.command.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The key secrets are encrypted under: the {@code secrets.key} setting (base64 of 32 bytes), or else the file
 * {@code <data-dir>/secrets.key}, created (mode 0600, the same base64 form) the first time a secret needs it. Losing
 * it loses the secrets; nodes that share a database need the same key.
 */
@Component
class SecretsKey {

    static final String FILE_NAME = "secrets.key";
    static final int KEY_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(SecretsKey.class);

    private final String configured;
    private final @Nullable Path file;
    private volatile @Nullable SecretKey key;

    SecretsKey(@Value("${fluxbase.secrets.key:}") String configured, @Value("${fluxbase.data-dir:}") String dataDir) {
        this.configured = configured.strip();
        this.file = dataDir.isBlank() ? null : Path.of(dataDir).resolve(FILE_NAME);
    }

    /** Where the key comes from, for messages: the setting, or the file. */
    String where() {
        return !configured.isEmpty() ? "the secrets.key setting (FLUXBASE_SECRETS_KEY)"
                : "the key file " + file + " (secrets.key is not set)";
    }

    SecretKey get() {
        SecretKey known = key;
        if (known == null) {
            synchronized (this) {
                known = key;
                if (known == null) {
                    known = new SecretKeySpec(configured.isEmpty() ? fromFile()
                            : decode(configured, "secrets.key"), "AES");
                    key = known;
                }
            }
        }
        return known;
    }

    private byte[] fromFile() {
        if (file == null) {
            throw new IllegalStateException("secrets.key: not set and the server has no data directory to keep a key"
                    + " in; set secrets.key (FLUXBASE_SECRETS_KEY) to the base64 of 32 random bytes");
        }
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                Files.createDirectories(file.getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
                    log.info("Created the secrets key {}; keep a copy: losing it loses every secret", file);
                    return fresh;
                } catch (FileAlreadyExistsException e) {
                    // another server on this data directory made it at the same moment: that one counts
                }
            }
            return decode(Files.readString(file).strip(), "the key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("secrets.key: cannot read or create the key file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Never names the value: a key must not reach a log through its own error message. */
    static byte[] decode(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": not base64; expected the base64 of 32 random bytes"
                    + " (openssl rand -base64 32)");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(where + ": holds " + bytes.length + " bytes; expected the base64 of 32"
                    + " random bytes (openssl rand -base64 32)");
        }
        return bytes;
    }
}
