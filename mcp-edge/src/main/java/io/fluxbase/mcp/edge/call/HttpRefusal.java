package io.fluxbase.mcp.edge.call;

import io.fluxbase.mcp.kernel.audit.CallOutcome;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A request refused before it reaches the MCP server: answered with an HTTP status and a JSON-RPC error body whose
 * message a person understands. {@code auditMessage} may say more than the caller is told (the real reason an
 * authentication failed).
 */
public final class HttpRefusal extends RuntimeException {

    public static final int INVALID_REQUEST = -32600;
    public static final int INVALID_PARAMS = -32602;
    public static final int PARSE_ERROR = -32700;
    public static final int SERVER_ERROR = -32000;
    public static final int UNAUTHORIZED = -32001;
    public static final int RATE_LIMITED = -32002;

    private final HttpStatus status;
    private final int rpcCode;
    private final CallOutcome outcome;
    private final String errorCode;
    private final String auditMessage;
    private final @Nullable Long retryAfterSeconds;

    public HttpRefusal(HttpStatus status, int rpcCode, CallOutcome outcome, String errorCode, String message,
            String auditMessage, @Nullable Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.rpcCode = rpcCode;
        this.outcome = outcome;
        this.errorCode = errorCode;
        this.auditMessage = auditMessage;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static HttpRefusal invalid(HttpStatus status, int rpcCode, String errorCode, String message) {
        return new HttpRefusal(status, rpcCode, CallOutcome.INVALID, errorCode, message, message, null);
    }

    public HttpStatus status() { return status; }
    public int rpcCode() { return rpcCode; }
    public CallOutcome outcome() { return outcome; }
    public String errorCode() { return errorCode; }
    public String auditMessage() { return auditMessage; }
    public @Nullable Long retryAfterSeconds() { return retryAfterSeconds; }
}
