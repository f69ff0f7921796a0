package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.audit.CallOutcome;

/**
 * A data-plane call refused for a reason the caller can fix (unknown table or column, a value of the wrong type,
 * missing privilege, a row-level security policy). {@code argument} names the tool argument at fault.
 */
public class DataAccessRefusal extends RuntimeException {

    private final String code;
    private final String argument;

    public DataAccessRefusal(String code, String argument, String message) {
        super(message);
        this.code = code;
        this.argument = argument;
    }

    public String code() {
        return code;
    }

    public String argument() {
        return argument;
    }

    /** How the call's record counts it: a refusal by privilege or policy is a denial, anything else an error. */
    public CallOutcome outcome() {
        return code.equals("permission_denied") || code.equals("rls_violation") ? CallOutcome.DENIED
                : CallOutcome.ERROR;
    }
}
