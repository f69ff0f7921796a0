package io.fluxbase.mcp.kernel.data;

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
}
