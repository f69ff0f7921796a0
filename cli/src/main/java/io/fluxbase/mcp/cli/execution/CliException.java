package io.fluxbase.mcp.cli.execution;

/**
 * A failure the user can act on. Its message is printed as is after {@code fluxbase: }, so it must read as one
 * complete line; the command exits with status 1.
 */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
