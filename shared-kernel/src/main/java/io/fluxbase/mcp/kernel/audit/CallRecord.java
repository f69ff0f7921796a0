package io.fluxbase.mcp.kernel.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One request to the MCP endpoint, or one key-lifecycle or authentication event, as compliance reads it later:
 * who (key, client), what (method, target), how it ended and what it cost. Arguments are kept as a digest unless
 * redacted values were asked for.
 */
public record CallRecord(
        Instant time,
        String callId,
        AuditCategory category,
        @Nullable String sessionId,
        @Nullable String keyId,
        @Nullable String keyName,
        @Nullable String keyType,
        @Nullable String dbRole,
        @Nullable UUID userId,
        String method,
        @Nullable String target,
        @Nullable String argumentDigest,
        @Nullable String arguments,
        CallOutcome outcome,
        @Nullable String errorCode,
        @Nullable String message,
        long rows,
        long bytesOut,
        double durationMs,
        @Nullable String clientName,
        @Nullable String clientVersion,
        @Nullable String ip,
        @Nullable String userAgent,
        @Nullable String traceId) {

    /** This record with how the call ended, for calls whose outcome is only known where the record is appended. */
    public CallRecord finished(CallOutcome outcome, @Nullable String errorCode, @Nullable String message, long rows,
            long bytesOut, double durationMs) {
        return new CallRecord(time, callId, category, sessionId, keyId, keyName, keyType, dbRole, userId, method,
                target, argumentDigest, arguments, outcome, errorCode, message, rows, bytesOut, durationMs,
                clientName, clientVersion, ip, userAgent, traceId);
    }
}
