package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.json.CliJson;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One audit record as the admin API returns it; times are RFC 3339 text, as sent. */
public record LogRecord(
        @Nullable String time,
        @Nullable String callId,
        @Nullable String category,
        @Nullable String sessionId,
        @Nullable String keyId,
        @Nullable String keyName,
        @Nullable String keyType,
        @Nullable String dbRole,
        @Nullable String userId,
        @Nullable String method,
        @Nullable String target,
        @Nullable String table,
        @Nullable String outcome,
        @Nullable String errorCode,
        @Nullable String message,
        @Nullable Long rows,
        @Nullable Long bytesOut,
        @Nullable Long durationMs,
        @Nullable String clientName,
        @Nullable String clientVersion,
        @Nullable String ip,
        @Nullable String userAgent) {

    /** The admin API's field names, in the order CSV output lists them. */
    static final List<String> FIELDS = List.of("time", "call_id", "category", "session_id", "key_id", "key_name",
            "key_type", "db_role", "user_id", "method", "target", "table", "outcome", "error_code", "message", "rows",
            "bytes_out", "duration_ms", "client_name", "client_version", "ip", "user_agent");

    public static LogRecord from(JsonNode json) {
        return CliJson.MAPPER.treeToValue(json, LogRecord.class);
    }
}
