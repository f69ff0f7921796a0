package io.fluxbase.mcp.cli.functions;

import io.fluxbase.mcp.kernel.function.FunctionName;
import io.fluxbase.mcp.kernel.function.FunctionTimeout;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks function arguments before any request, with the kernel's rules, so a typo is reported at once. */
final class FunctionArguments {

    private FunctionArguments() {
    }

    static String name(String name, CommandSpec spec) {
        try {
            return FunctionName.check(name, "NAME");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The timeout as typed (the server reads it), once it is known to be a positive duration. */
    static String timeout(String text, CommandSpec spec) {
        try {
            FunctionTimeout.parse(text, "--timeout");
            return text.strip();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
