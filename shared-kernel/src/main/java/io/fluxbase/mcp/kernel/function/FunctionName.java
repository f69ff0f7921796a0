package io.fluxbase.mcp.kernel.function;

import java.util.regex.Pattern;

/** An edge function's name, as tools, URLs and the CLI use it. */
public final class FunctionName {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private FunctionName() {
    }

    public static String check(String name, String argument) {
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException(argument + ": '" + (name.length() > 80 ? name.substring(0, 80) + "…"
                    : name) + "' is not a function name; use 1 to 63 lowercase letters, digits, '_' or '-', starting"
                    + " with a letter or digit");
        }
        if (name.equals("list")) {
            throw new IllegalArgumentException(argument + ": 'list' is taken by the functions://list resource; choose"
                    + " another name");
        }
        return name;
    }
}
