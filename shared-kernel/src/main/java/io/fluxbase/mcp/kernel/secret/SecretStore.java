package io.fluxbase.mcp.kernel.secret;

import java.util.List;

/**
 * The secrets, encrypted at rest: each set and unset and its event commit in one transaction. Blocking (JDBC);
 * callers on an event loop hand it to a blocking scheduler. {@link SecretNotFound} names the known secrets.
 */
public interface SecretStore {

    SecretView set(SetSecretCommand command);

    void unset(String name);

    /** Names and times, in name order; a secret whose value cannot be decrypted says so in its problem. */
    List<SecretView> list();
}
