package io.fluxbase.mcp.cli.execution;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints every failure as one line, {@code fluxbase: <message>}, on stderr: usage errors exit with 2 (picocli's
 * convention), everything else with 1. {@code FLUXBASE_DEBUG=1} adds the stack trace of unexpected errors.
 */
public final class ErrorReporter implements CommandLine.IExecutionExceptionHandler,
        CommandLine.IParameterExceptionHandler {

    public static final String PREFIX = "fluxbase: ";

    private final CliEnvironment environment;

    public ErrorReporter(CliEnvironment environment) {
        this.environment = environment;
    }

    /** Also receives the ParameterExceptions commands throw when they check option values themselves. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        String message = describe(ex) + suggestions(ex);
        // The help hint matters for parse errors: the user typed something this command does not know.
        String command = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(PREFIX + message + " (see '" + command + " --help')");
        commandLine.getErr().flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (ex instanceof CliException userError) {
            err.println(PREFIX + userError.getMessage());
        } else {
            boolean debug = environment.variable("FLUXBASE_DEBUG").isPresent();
            err.println(PREFIX + "unexpected error: " + ex + (debug ? "" : " (set FLUXBASE_DEBUG=1 for details)"));
            if (debug) {
                ex.printStackTrace(err);
            }
        }
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnExecutionException();
    }

    /** Picocli's own messages start upper-case and speak of "unmatched arguments"; say it the way people do. */
    private static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().getFirst();
            boolean looksLikeCommand = !first.startsWith("-")
                    && !ex.getCommandLine().getSubcommands().isEmpty();
            return (looksLikeCommand ? "unknown command '" : "unknown option or argument '") + first + "'";
        }
        String message = String.valueOf(ex.getMessage());
        boolean picocliWording = message.length() > 1 && Character.isUpperCase(message.charAt(0))
                && Character.isLowerCase(message.charAt(1));
        return picocliWording ? Character.toLowerCase(message.charAt(0)) + message.substring(1) : message;
    }

    private static String suggestions(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                return "; did you mean " + String.join(" or ", suggestions) + "?";
            }
        }
        return "";
    }
}
