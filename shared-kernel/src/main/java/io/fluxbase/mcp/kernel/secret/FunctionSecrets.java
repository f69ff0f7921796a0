package io.fluxbase.mcp.kernel.secret;

import java.util.Map;

/** What a function's {@code ctx.env} holds: every secret's value, decrypted, by name. */
public interface FunctionSecrets {

    /**
     * The values, from memory: an invocation never waits for the database. A secret that cannot be decrypted is
     * left out (lists say why).
     */
    Map<String, String> values();
}
