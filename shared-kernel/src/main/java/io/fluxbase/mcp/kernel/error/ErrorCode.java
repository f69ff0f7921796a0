package io.fluxbase.mcp.kernel.error;

import io.fluxbase.mcp.kernel.audit.CallOutcome;

/**
 * Every error a caller can be told, in one place (as PostgREST's Error.hs): its stable code (what the call record
 * and the answer carry), how the call's record counts it, the JSON-RPC code and the HTTP status it is answered with.
 * A tool's refusal is a tool result with {@code isError: true} (HTTP 200); its JSON-RPC code is what a resource read
 * refused for the same reason answers. Messages are written where the error is found, because they name the
 * argument, column, scope or policy at fault; decisions are made on codes and types, never on message text.
 */
public enum ErrorCode {

    // a tool's or resource's arguments
    INVALID_ARGUMENT("invalid_argument", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    INVALID_URI("invalid_uri", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    UNKNOWN_TABLE("unknown_table", CallOutcome.ERROR, JsonRpc.RESOURCE_NOT_FOUND, 404),
    UNKNOWN_COLUMN("unknown_column", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    UNKNOWN_TOOL("unknown_tool", CallOutcome.INVALID, JsonRpc.INVALID_PARAMS, 400),
    NOT_FOUND("not_found", CallOutcome.ERROR, JsonRpc.RESOURCE_NOT_FOUND, 404),
    INVALID_VALUE("invalid_value", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    INVALID_OPERATOR("invalid_operator", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    UNKNOWN_BUCKET("unknown_bucket", CallOutcome.ERROR, JsonRpc.RESOURCE_NOT_FOUND, 404),
    FILE_EXISTS("file_exists", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 409),
    FILE_TOO_LARGE("file_too_large", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 413),
    TYPE_NOT_ALLOWED("type_not_allowed", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 415),
    UNKNOWN_FUNCTION("unknown_function", CallOutcome.ERROR, JsonRpc.RESOURCE_NOT_FOUND, 404),
    FUNCTION_FAILED("function_failed", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 502),
    INVALID_SOURCE("invalid_source", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    NOT_VECTOR_ENABLED("not_vector_enabled", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    EMBEDDING_UNAVAILABLE("embedding_unavailable", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 503),

    // what the key may do
    MISSING_SCOPE("missing_scope", CallOutcome.DENIED, JsonRpc.INVALID_REQUEST, 403),
    PERMISSION_DENIED("permission_denied", CallOutcome.DENIED, JsonRpc.INVALID_REQUEST, 403),
    RLS_VIOLATION("rls_violation", CallOutcome.DENIED, JsonRpc.INVALID_REQUEST, 403),

    // what the database refused
    UNIQUE_VIOLATION("unique_violation", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 409),
    FOREIGN_KEY_VIOLATION("foreign_key_violation", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 409),
    NOT_NULL_VIOLATION("not_null_violation", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    CHECK_VIOLATION("check_violation", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    EXCLUSION_VIOLATION("exclusion_violation", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 409),
    CONFLICT("conflict", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 409),
    TIMEOUT("timeout", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 503),
    RAISED("raised", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    NOT_RECORDABLE("not_recordable", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 409),
    /** What a write or a function returned is more than one answer may hold; nothing of it was kept. */
    ANSWER_TOO_LARGE("answer_too_large", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 413),
    CHANGES_TOO_LARGE("changes_too_large", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 413),
    BUSY("busy", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 429),
    DATABASE_ERROR("database_error", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 400),

    // the request itself, refused before it reaches a tool
    MISSING_KEY("missing_key", CallOutcome.DENIED, JsonRpc.UNAUTHORIZED, 401),
    UNKNOWN_KEY("unknown_key", CallOutcome.DENIED, JsonRpc.UNAUTHORIZED, 401),
    KEY_REVOKED("key_revoked", CallOutcome.DENIED, JsonRpc.UNAUTHORIZED, 401),
    KEY_EXPIRED("key_expired", CallOutcome.DENIED, JsonRpc.UNAUTHORIZED, 401),
    RATE_LIMITED("rate_limited", CallOutcome.RATE_LIMITED, JsonRpc.RATE_LIMITED, 429),
    AUTH_THROTTLED("auth_throttled", CallOutcome.RATE_LIMITED, JsonRpc.RATE_LIMITED, 429),
    REPEATED_FAILURES("repeated_failures", CallOutcome.DENIED, JsonRpc.UNAUTHORIZED, 401),
    PARSE_ERROR("parse_error", CallOutcome.INVALID, JsonRpc.PARSE_ERROR, 400),
    EMPTY_BODY("empty_body", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    NOT_A_MESSAGE("not_a_message", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    JSONRPC_VERSION("jsonrpc_version", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    INVALID_METHOD("invalid_method", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    INVALID_ID("invalid_id", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    INVALID_RESPONSE("invalid_response", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    UNEXPECTED_RESPONSE("unexpected_response", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    INVALID_REQUEST("invalid_request", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    METHOD_NOT_FOUND("method_not_found", CallOutcome.INVALID, JsonRpc.METHOD_NOT_FOUND, 400),
    INVALID_PARAMS("invalid_params", CallOutcome.INVALID, JsonRpc.INVALID_PARAMS, 400),
    METHOD_NOT_ALLOWED("method_not_allowed", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 405),
    UNSUPPORTED_VERSION("unsupported_version", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    NOT_ACCEPTABLE("not_acceptable", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 406),
    STREAM_NOT_ACCEPTED("stream_not_accepted", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 406),
    BATCH_NOT_SUPPORTED("batch_not_supported", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    SESSION_REQUIRED("session_required", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 400),
    SESSION_NOT_FOUND("session_not_found", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 404),
    BODY_TOO_LARGE("body_too_large", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 413),
    HOST_REJECTED("host_rejected", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 421),
    ORIGIN_REJECTED("origin_rejected", CallOutcome.INVALID, JsonRpc.INVALID_REQUEST, 403),
    STARTING("starting", CallOutcome.INVALID, JsonRpc.SERVER_ERROR, 503),

    // ours
    /** A tool result with isError that no tool of ours reported (the SDK's own check of the arguments). */
    TOOL_ERROR("tool_error", CallOutcome.ERROR, JsonRpc.INVALID_PARAMS, 400),
    INTERNAL_ERROR("internal_error", CallOutcome.ERROR, JsonRpc.INTERNAL_ERROR, 500),
    LOG_UNAVAILABLE("log_unavailable", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 503),
    STORAGE_UNAVAILABLE("storage_unavailable", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 503),

    // the admin API
    UNAUTHORIZED("unauthorized", CallOutcome.DENIED, JsonRpc.UNAUTHORIZED, 401),
    PROJECTION_LAG("projection_lag", CallOutcome.ERROR, JsonRpc.SERVER_ERROR, 503);

    /** JSON-RPC error codes: the spec's own, and the server-defined range (-32000 to -32099) MCP servers use. */
    public static final class JsonRpc {
        public static final int PARSE_ERROR = -32700;
        public static final int INVALID_REQUEST = -32600;
        public static final int METHOD_NOT_FOUND = -32601;
        public static final int INVALID_PARAMS = -32602;
        public static final int INTERNAL_ERROR = -32603;
        public static final int SERVER_ERROR = -32000;
        public static final int UNAUTHORIZED = -32001;
        /** Rate limiting; MCP also uses -32002 for a resource that is not found. */
        public static final int RATE_LIMITED = -32002;
        public static final int RESOURCE_NOT_FOUND = -32002;

        private JsonRpc() {
        }
    }

    private final String wireName;
    private final CallOutcome outcome;
    private final int jsonRpcCode;
    private final int httpStatus;

    ErrorCode(String wireName, CallOutcome outcome, int jsonRpcCode, int httpStatus) {
        this.wireName = wireName;
        this.outcome = outcome;
        this.jsonRpcCode = jsonRpcCode;
        this.httpStatus = httpStatus;
    }

    /**
     * Whether the same request meets this refusal again however often it is tried: the caller's own doing (a 4xx),
     * not a collision with another transaction, a busy server, a rate limit, or what the database may not refuse
     * next time.
     */
    public boolean repeatsOnRetry() {
        return httpStatus >= 400 && httpStatus < 500 && this != CONFLICT && this != BUSY && this != RATE_LIMITED
                && this != AUTH_THROTTLED && this != NOT_RECORDABLE && this != DATABASE_ERROR;
    }

    /** The error behind a JSON-RPC error code the MCP SDK answered with. */
    public static ErrorCode ofJsonRpc(int code) {
        return switch (code) {
            case JsonRpc.PARSE_ERROR -> PARSE_ERROR;
            case JsonRpc.METHOD_NOT_FOUND -> METHOD_NOT_FOUND;
            case JsonRpc.INVALID_PARAMS -> INVALID_PARAMS;
            case JsonRpc.INTERNAL_ERROR -> INTERNAL_ERROR;
            default -> INVALID_REQUEST;
        };
    }

    /** The code as the record and the answer carry it, e.g. {@code rls_violation}. */
    public String wireName() {
        return wireName;
    }

    public CallOutcome outcome() {
        return outcome;
    }

    public int jsonRpcCode() {
        return jsonRpcCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
