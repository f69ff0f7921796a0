package io.fluxbase.mcp.kernel.error;

/**
 * A tool argument a caller must change, named explicitly: the message reads {@code argument: what is wrong and what
 * to send}, and whoever answers the caller takes the argument from here, never out of the message.
 */
public class InvalidArgument extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String argument;

    public InvalidArgument(String argument, String detail) {
        super(argument + ": " + detail);
        this.argument = argument;
    }

    public InvalidArgument(String argument, String detail, Throwable cause) {
        super(argument + ": " + detail, cause);
        this.argument = argument;
    }

    public String argument() {
        return argument;
    }
}
