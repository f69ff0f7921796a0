package io.fluxbase.mcp.edge.call;

import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A request refused before it reaches the MCP server: answered with an HTTP status and a JSON-RPC error body whose
 * message a person understands. {@code auditMessage} may say more than the caller is told (the real reason an
 * authentication failed).
 */
public final class HttpRefusal extends RuntimeException {

    private final ErrorCode code;
    private final String auditMessage;
    private final @Nullable Long retryAfterSeconds;

    public HttpRefusal(ErrorCode code, String message, String auditMessage, @Nullable Long retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.auditMessage = auditMessage;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static HttpRefusal of(ErrorCode code, String message) {
        return new HttpRefusal(code, message, message, null);
    }

    public ErrorCode code() { return code; }
    public HttpStatus status() { return HttpStatus.valueOf(code.httpStatus()); }
    public int rpcCode() { return code.jsonRpcCode(); }
    public CallOutcome outcome() { return code.outcome(); }
    public String errorCode() { return code.wireName(); }
    public String auditMessage() { return auditMessage; }
    public @Nullable Long retryAfterSeconds() { return retryAfterSeconds; }
}
