package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The admin API's JSON shapes (snake_case, RFC 3339 times), shared by the CLI and scripts. */
final class AdminViews {

    private AdminViews() {
    }

    static Map<String, @Nullable Object> key(ClientKeyView key, Instant now) {
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("type", key.type().wireName());
        json.put("scopes", key.scopes().stream().map(Scope::wireName).sorted().toList());
        json.put("user_id", key.userId() == null ? null : key.userId().toString());
        json.put("prefix", key.prefix());
        json.put("status", key.statusAt(now).wireName());
        json.put("created_at", text(key.createdAt()));
        json.put("expires_at", text(key.expiresAt()));
        json.put("revoked_at", text(key.revokedAt()));
        json.put("last_used_at", text(key.lastUsedAt()));
        json.put("rate_limit_per_min", key.rateLimitPerMin());
        json.put("database_role", key.databaseRole());
        return json;
    }

    static Map<String, @Nullable Object> record(CallRecord r) {
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("time", text(r.time()));
        json.put("call_id", r.callId());
        json.put("category", r.category().wireName());
        json.put("session_id", r.sessionId());
        json.put("key_id", r.keyId());
        json.put("key_name", r.keyName());
        json.put("key_type", r.keyType());
        json.put("db_role", r.dbRole());
        json.put("user_id", r.userId() == null ? null : r.userId().toString());
        json.put("method", r.method());
        json.put("target", r.target());
        json.put("table", r.table());
        json.put("argument_digest", r.argumentDigest());
        json.put("arguments", r.arguments());
        json.put("outcome", r.outcome().wireName());
        json.put("error_code", r.errorCode());
        json.put("message", r.message());
        json.put("rows", r.rows());
        json.put("bytes_out", r.bytesOut());
        json.put("duration_ms", Math.round(r.durationMs() * 1000) / 1000.0);
        json.put("client_name", r.clientName());
        json.put("client_version", r.clientVersion());
        json.put("ip", r.ip());
        json.put("user_agent", r.userAgent());
        return json;
    }

    private static @Nullable String text(@Nullable Instant time) {
        return time == null ? null : time.toString();
    }
}
