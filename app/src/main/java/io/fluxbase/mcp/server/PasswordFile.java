package io.fluxbase.mcp.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * A password in a file only its owner may read or change (mode 0600): the embedded PostgreSQL's superuser password,
 * and the short-lived file initdb reads it from. The file is created with that mode; a chmod after writing would
 * leave a moment in which other users could read it.
 */
final class PasswordFile {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    PasswordFile(Path path) {
        this.path = path;
    }

    /** 256 random bits, base64url: it goes into a postgresql:// URL unchanged. */
    static String generatePassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    /** The password, refused when others could read or replace it. */
    String read() {
        Set<PosixFilePermission> permissions;
        String password;
        try {
            permissions = Files.getPosixFilePermissions(path);
            password = Files.readString(path).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + " (" + e.getClass().getSimpleName()
                    + "); it holds the database password and must belong to the user running Fluxbase, mode 600:"
                    + " chmod 600 " + path);
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IllegalArgumentException(path + " holds the database password but other users may read or"
                    + " change it (mode " + PosixFilePermissions.toString(permissions) + "); run chmod 600 " + path);
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException(path + " is empty; it must hold the database password. Put back a"
                    + " copy of the file, or delete it and start again to be told how to set a new password.");
        }
        return password;
    }

    /** Creates the file (it must not exist yet) and returns the password written. */
    String create(String password) {
        try {
            Files.createDirectories(path.getParent());
            try (FileChannel channel = FileChannel.open(path,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                channel.write(ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.UTF_8)));
                // on disk before the database starts asking for it: a crash must not leave a password nobody has
                channel.force(true);
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the database password to " + path, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path + "; delete it by hand", e);
        }
    }
}
