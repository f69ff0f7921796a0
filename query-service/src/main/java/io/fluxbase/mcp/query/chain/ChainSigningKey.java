package io.fluxbase.mcp.query.chain;

import io.fluxbase.mcp.kernel.chain.CheckpointKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key checkpoints are signed with: the file named by {@code audit.signing_key_file}, or else
 * {@code <data-dir>/log-signing.key}, created (mode 0600) on first use, as {@code secrets.key} is. The file holds
 * two base64 lines, the private key (PKCS#8) and the public key (X.509). Nodes sharing a database need the same file.
 */
@Component
class ChainSigningKey {

    static final String FILE_NAME = "log-signing.key";

    private static final Logger log = LoggerFactory.getLogger(ChainSigningKey.class);

    private final @Nullable Path file;
    private volatile @Nullable KeyPair pair;

    ChainSigningKey(@Value("${fluxbase.audit.signing-key-file:}") String configured,
            @Value("${fluxbase.data-dir:}") String dataDir) {
        this.file = !configured.isBlank() ? Path.of(configured.strip())
                : dataDir.isBlank() ? null : Path.of(dataDir).resolve(FILE_NAME);
    }

    /** A file of the server's own beside the key, as far from the database's reach as the key; null without one. */
    @Nullable Path beside(String name) {
        return file == null ? null : file.toAbsolutePath().resolveSibling(name);
    }

    PublicKey publicKey() {
        return pair().getPublic();
    }

    byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(CheckpointKeys.ALGORITHM);
            signature.initSign(pair().getPrivate());
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint: " + e.getMessage(), e);
        }
    }

    private KeyPair pair() {
        KeyPair known = pair;
        if (known == null) {
            synchronized (this) {
                known = pair;
                if (known == null) {
                    known = fromFile();
                    pair = known;
                }
            }
        }
        return known;
    }

    private KeyPair fromFile() {
        if (file == null) {
            throw new IllegalStateException("audit.signing_key_file: not set and the server has no data directory"
                    + " to keep the checkpoint key in; set audit.signing_key_file to a path the server may write");
        }
        try {
            if (!Files.exists(file)) {
                KeyPair fresh = KeyPairGenerator.getInstance(CheckpointKeys.ALGORITHM).generateKeyPair();
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                    Base64.Encoder base64 = Base64.getEncoder();
                    Files.writeString(file, base64.encodeToString(fresh.getPrivate().getEncoded()) + "\n"
                            + base64.encodeToString(fresh.getPublic().getEncoded()) + "\n");
                    log.info("Created the command log's checkpoint signing key {}; keep a copy of its public key"
                            + " (fluxbase logs pubkey) where the database's owner cannot change it", file);
                    return fresh;
                } catch (FileAlreadyExistsException e) {
                    // another server on this data directory made it at the same moment: that one counts
                }
            }
            return read(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("audit.signing_key_file: cannot read or create the key file " + file
                    + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
    }

    /** Never names the content: a private key must not reach a log through its own error message. */
    private KeyPair read(List<String> lines) {
        List<String> filled = lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        try {
            KeyFactory keys = KeyFactory.getInstance(CheckpointKeys.ALGORITHM);
            Base64.Decoder base64 = Base64.getDecoder();
            PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(filled.get(0))));
            PublicKey publicKey = keys.generatePublic(new X509EncodedKeySpec(base64.decode(filled.get(1))));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("audit.signing_key_file: " + file + " is not a checkpoint key (two base64"
                    + " lines, Ed25519 private then public); restore it from your copy, or move it away to start"
                    + " a new key (older checkpoints then verify only with the old public key)");
        }
    }
}
