package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.kernel.chain.CheckpointKeys;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;

/** The {@code --pubkey FILE} option's key: a missing, unreadable or wrong file is a message naming it. */
record PublicKeyFile(Path file, PublicKey key, String pem) {

    static PublicKeyFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException("--pubkey: " + file + " does not exist; save the key 'fluxbase logs pubkey' prints"
                    + " and name that file");
        } catch (AccessDeniedException e) {
            throw new CliException("--pubkey: cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new CliException("--pubkey: cannot read " + file + ": " + e.getMessage());
        }
        try {
            PublicKey key = CheckpointKeys.parse(text, "--pubkey " + file);
            return new PublicKeyFile(file, key, CheckpointKeys.pem(key));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    String source() {
        return "the key in " + file;
    }
}
