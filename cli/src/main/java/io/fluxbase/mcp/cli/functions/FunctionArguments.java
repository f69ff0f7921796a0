package io.fluxbase.mcp.cli.functions;

import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks function arguments before any request, so a typo is reported with the valid forms. The kernel has no
 * function-name rule yet, so the rule the admin API documents lives here.
 */
final class FunctionArguments {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private FunctionArguments() {
    }

    static String name(String name, CommandSpec spec) {
        if (!NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), "NAME: '" + name + "' is not a function name; use 1 to"
                    + " 63 lowercase letters, digits, '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
