package io.fluxbase.mcp.cli.functions;

import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks function arguments before any request, so a typo is reported with the valid forms. The kernel has no
 * function-name rule or millisecond durations yet (its TimeSpec reads s/m/h/d/w for --since and --expires), so
 * the rules the admin API documents live here.
 */
final class FunctionArguments {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    // At most 9 digits, as in TimeSpec, so the server never has to read a number that overflows.
    private static final Pattern TIMEOUT = Pattern.compile("[0-9]{1,9}(ms|s|m)");

    private FunctionArguments() {
    }

    static String name(String name, CommandSpec spec) {
        if (!NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), "NAME: '" + name + "' is not a function name; use 1 to"
                    + " 63 lowercase letters, digits, '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** The timeout as typed (the server reads it), once it is known to be a positive duration. */
    static String timeout(String text, CommandSpec spec) {
        String timeout = text.strip();
        if (!TIMEOUT.matcher(timeout).matches() || timeout.replaceAll("[^0-9]", "").matches("0+")) {
            throw new ParameterException(spec.commandLine(), "--timeout: cannot read '" + text
                    + "'; use a positive duration such as 500ms, 10s or 2m");
        }
        return timeout;
    }
}
