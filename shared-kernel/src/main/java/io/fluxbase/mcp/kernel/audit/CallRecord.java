package io.fluxbase.mcp.kernel.audit;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One request to the MCP endpoint, or one key-lifecycle or authentication event, as compliance reads it later:
 * who (key, client), what (method, target), how it ended and what it cost. Arguments are kept as a digest unless
 * redacted values were asked for. {@code table} is the table a tool read or changed (query_table, vector_search, the
 * record writes), so compliance can tell rows read per table; other records have none.
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
        @Nullable String traceId,
        @Nullable String table) {

    /** A record that names no table: admin actions, jobs, files, resources. */
    public CallRecord(Instant time, String callId, AuditCategory category, @Nullable String sessionId,
            @Nullable String keyId, @Nullable String keyName, @Nullable String keyType, @Nullable String dbRole,
            @Nullable UUID userId, String method, @Nullable String target, @Nullable String argumentDigest,
            @Nullable String arguments, CallOutcome outcome, @Nullable String errorCode, @Nullable String message,
            long rows, long bytesOut, double durationMs, @Nullable String clientName, @Nullable String clientVersion,
            @Nullable String ip, @Nullable String userAgent, @Nullable String traceId) {
        this(time, callId, category, sessionId, keyId, keyName, keyType, dbRole, userId, method, target,
                argumentDigest, arguments, outcome, errorCode, message, rows, bytesOut, durationMs, clientName,
                clientVersion, ip, userAgent, traceId, null);
    }

    /** This record with how the call ended, for calls whose outcome is only known where the record is appended. */
    public CallRecord finished(CallOutcome outcome, @Nullable String errorCode, @Nullable String message, long rows,
            long bytesOut, double durationMs) {
        return new CallRecord(time, callId, category, sessionId, keyId, keyName, keyType, dbRole, userId, method,
                target, argumentDigest, arguments, outcome, errorCode, message, rows, bytesOut, durationMs,
                clientName, clientVersion, ip, userAgent, traceId, table);
    }
}
