package io.fluxbase.mcp.kernel.secret;

import java.nio.charset.StandardCharsets;

/**
 * {@code fluxbase secrets set NAME}: a secret's new value, for the store to encrypt. Its text form leaves the value
 * out, so a log line or an exception that prints the command cannot show it.
 */
public record SetSecretCommand(String name, String value) {

    public static final int MAX_VALUE_BYTES = 64 * 1024;

    public SetSecretCommand {
        SecretName.check(name, "name");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("value: empty; a secret needs a value (to remove one, use"
                    + " 'fluxbase secrets unset " + name + "')");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value: over 64 KiB; keep a secret to a key or a token, and large"
                    + " data in a table or a bucket");
        }
    }

    @Override
    public String toString() {
        return "SetSecretCommand[name=" + name + ", value=***]";
    }
}
