package io.fluxbase.mcp.kernel.function;

/**
 * A function's source that cannot be deployed: it does not parse (the message names line and column, as
 * {@code index.mjs line 3, column 7: Expected an operand but found )}) or has no default export to call.
 */
public class FunctionSyntaxError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FunctionSyntaxError(String message) {
        super(message);
    }
}
