package io.fluxbase.mcp.kernel.audit;

/**
 * The command log could not durably take a call's record (and, for a write, the write with it): the caller must get
 * an error instead of the result, because a result without its record is what the audit must never allow.
 */
public class CommandLogUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandLogUnavailable(Throwable cause) {
        super("the command log could not record this call: " + cause.getMessage(), cause);
    }
}
