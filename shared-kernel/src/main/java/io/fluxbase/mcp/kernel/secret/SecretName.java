package io.fluxbase.mcp.kernel.secret;

import java.util.regex.Pattern;

/** A secret's name, as a function reads it ({@code ctx.env.STRIPE_KEY}): an environment variable's. */
public final class SecretName {

    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private SecretName() {
    }

    public static String check(String name, String argument) {
        if (name.length() > MAX_LENGTH || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(argument + ": '" + (name.length() > 80 ? name.substring(0, 80) + "…"
                    : name) + "' is not a secret name; use 1 to " + MAX_LENGTH + " upper-case letters, digits or"
                    + " '_', not starting with a digit, as an environment variable is named (e.g. STRIPE_KEY)");
        }
        return name;
    }
}
