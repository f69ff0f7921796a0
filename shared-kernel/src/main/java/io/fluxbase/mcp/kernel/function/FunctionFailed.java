package io.fluxbase.mcp.kernel.function;

/**
 * An invocation that produced no response. The message is meant for the function's author: the JS error's name and
 * message, or which limit was hit; never a Java stack trace. Decide on {@link #reason()}, not on the text.
 */
public class FunctionFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why there is no response. */
    public enum Reason {
        /** The handler threw or its promise rejected, or the module failed while loading. */
        THREW,
        TIMED_OUT,
        STATEMENT_LIMIT,
        OUT_OF_STACK,
        /** It allocated more than its memory budget ({@code functions.max_memory}, garbage included). */
        MEMORY_LIMIT,
        RESPONSE_TOO_LARGE,
        /** The handler's result cannot be a response (a status out of range, a value JSON cannot hold). */
        INVALID_RESPONSE,
        /** The runtime itself failed; the message says so without internals. */
        INTERNAL
    }

    private final Reason reason;

    public FunctionFailed(Reason reason, String message) {
        super(message, null, false, false); // no stack trace: the message is the whole story
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
