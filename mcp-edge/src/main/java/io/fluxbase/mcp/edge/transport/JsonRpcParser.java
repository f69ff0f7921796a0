package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.call.Printable;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parse stage of a POST: its body as one JSON-RPC 2.0 message in MCP's shape (a request, a notification, or a
 * client's response to a server request), with the call's record told what it is. Anything else is refused here with
 * HTTP 400 and a JSON-RPC error that says what to change: -32700 for text that is not JSON, -32600 for JSON that is
 * not a message, -32602 for params a method cannot take. The words of the parser or of a library never reach the
 * caller.
 */
final class JsonRpcParser {

    private static final JsonMapper JSON = RequestJson.JSON;
    private static final String EXAMPLE = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tools/list\"}";

    private JsonRpcParser() {
    }

    static McpSchema.JSONRPCMessage parse(String body, CallContext call) {
        JsonNode message = readJson(body);
        if (message.isArray()) {
            throw HttpRefusal.of(ErrorCode.BATCH_NOT_SUPPORTED, "send one JSON-RPC message per POST; batches (JSON arrays)"
                    + " are not supported");
        }
        if (!message.isObject()) {
            throw HttpRefusal.of(ErrorCode.NOT_A_MESSAGE, "the body is " + McpParams.describe(message) + ", not a JSON-RPC"
                    + " message; send one object such as " + EXAMPLE);
        }
        JsonNode version = message.get("jsonrpc");
        if (version == null) {
            throw HttpRefusal.of(ErrorCode.JSONRPC_VERSION, "\"jsonrpc\": \"2.0\" is missing; a message looks like "
                    + EXAMPLE);
        }
        if (!version.isString() || !McpSchema.JSONRPC_VERSION.equals(version.stringValue())) {
            throw HttpRefusal.of(ErrorCode.JSONRPC_VERSION, "\"jsonrpc\" must be \"2.0\", not " + McpParams.describe(version)
                    + "; a message looks like " + EXAMPLE);
        }
        if (message.has("method")) {
            return requestOrNotification(message, body.length(), call);
        }
        if (message.has("result") || message.has("error")) {
            return response(message, call);
        }
        throw HttpRefusal.of(ErrorCode.NOT_A_MESSAGE, "the object has neither \"method\" (a request or notification) nor"
                + " \"result\" or \"error\" (a response); e.g. " + EXAMPLE);
    }

    private static JsonNode readJson(String body) {
        if (body.isBlank()) {
            throw HttpRefusal.of(ErrorCode.EMPTY_BODY, "the body is empty; send one JSON-RPC message such as " + EXAMPLE);
        }
        try {
            return JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            RequestJson.Limit limit = RequestJson.Limit.of(e);
            throw switch (limit) {
                case TOKENS -> HttpRefusal.of(ErrorCode.BODY_TOO_LARGE, "the message " + limit.reading
                        + "; send fewer rows or values per call");
                case DEPTH -> HttpRefusal.of(ErrorCode.PARSE_ERROR, "the body " + limit.reading
                        + "; send a flatter message");
                case LENGTH -> HttpRefusal.of(ErrorCode.PARSE_ERROR, "the body " + limit.reading
                        + "; send shorter numbers and names");
            };
        } catch (JacksonException e) {
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw HttpRefusal.of(ErrorCode.PARSE_ERROR,
                    "the body is not valid JSON" + where + "; send one JSON-RPC message such as " + EXAMPLE);
        }
    }

    private static McpSchema.JSONRPCMessage requestOrNotification(JsonNode message, int chars, CallContext call) {
        JsonNode methodNode = message.get("method");
        if (!methodNode.isString() || methodNode.stringValue().isBlank()) {
            throw HttpRefusal.of(ErrorCode.INVALID_METHOD, "\"method\" must be a method name such as \"tools/list\", not "
                    + McpParams.describe(methodNode));
        }
        String method = methodNode.stringValue();
        call.method(Printable.of(method, 100));
        Object id = null;
        if (message.has("id")) {
            id = id(message.get("id"), "a request's \"id\"");
            call.requestId(id);
        }
        JsonNode params = message.get("params");
        params = params == null || params.isNull() ? null : params;
        if (McpSchema.METHOD_INITIALIZE.equals(method) && chars > McpParams.MAX_INITIALIZE_CHARS) {
            throw HttpRefusal.of(ErrorCode.INVALID_PARAMS, "an initialize message may have at most "
                    + McpParams.MAX_INITIALIZE_CHARS + " characters (this one has " + chars + "): its capabilities"
                    + " and clientInfo are kept with the session; send them without large experimental entries");
        }
        try {
            McpParams.check(method, params);
        } catch (McpParams.Mismatch mismatch) {
            throw HttpRefusal.of(ErrorCode.INVALID_PARAMS,
                    mismatch.getMessage());
        }
        // The params stay the parsed tree: the SDK converts them into its records once, straight from it
        if (id == null) {
            return new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, params);
        }
        call.target(target(method, params));
        return new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, id, params);
    }

    /** A client's answer to a request the server sent (sampling, elicitation, roots/list). */
    private static McpSchema.JSONRPCMessage response(JsonNode message, CallContext call) {
        call.method("response");
        if (message.has("result") && message.has("error")) {
            throw HttpRefusal.of(ErrorCode.INVALID_RESPONSE, "a response carries \"result\" or \"error\", not both");
        }
        JsonNode idNode = message.get("id");
        JsonNode error = message.get("error");
        // only an error answer may have a null id (when the request's id could not be read)
        Object id = idNode != null && idNode.isNull() && error != null ? null : id(idNode, "a response's \"id\"");
        if (error == null) {
            return new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, JSON.convertValue(
                    message.get("result"), Object.class), null);
        }
        JsonNode code = error.get("code");
        JsonNode text = error.get("message");
        if (!error.isObject() || code == null || !code.isInt() || text == null || !text.isString()) {
            throw HttpRefusal.of(ErrorCode.INVALID_RESPONSE, "\"error\" of a response must be an object with an integer"
                    + " \"code\" and a string \"message\", e.g. {\"code\": -32601, \"message\": \"not supported\"}");
        }
        Object data = error.has("data") ? JSON.convertValue(error.get("data"), Object.class) : null;
        return new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id,
                null, new McpSchema.JSONRPCResponse.JSONRPCError(code.intValue(), text.stringValue(), data));
    }

    private static Object id(@Nullable JsonNode id, String what) {
        if (id != null && id.isString()) {
            return id.stringValue();
        }
        if (id != null && id.isIntegralNumber()) {
            return id.numberValue();
        }
        throw HttpRefusal.of(ErrorCode.INVALID_ID, what + " must be a string or an integer, not "
                + (id == null ? "missing" : McpParams.describe(id)));
    }

    /** What the call's record names as its target: the tool of a tools/call, the URI of a resource request. */
    private static @Nullable String target(String method, @Nullable JsonNode params) {
        if (params == null) {
            return null;
        }
        JsonNode name = McpSchema.METHOD_TOOLS_CALL.equals(method) ? params.get("name") : params.get("uri");
        return name != null && name.isString() ? Printable.of(name.stringValue(), 200) : null;
    }

    /**
     * When the SDK could not convert the params of {@code method} into its records (a shape {@link McpParams} does
     * not check, such as a nested capability of the wrong type): a -32602 refusal naming the field; otherwise null.
     */
    static @Nullable HttpRefusal unreadableParams(String method, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                StringBuilder field = new StringBuilder("params");
                for (JacksonException.Reference step : jackson.getPath()) {
                    if (step.getPropertyName() != null) {
                        field.append('.').append(Printable.of(step.getPropertyName(), 40));
                    } else if (step.getIndex() >= 0) {
                        field.append('[').append(step.getIndex()).append(']');
                    }
                }
                return HttpRefusal.of(ErrorCode.INVALID_PARAMS,
                        field + " of " + method + " does not have the JSON type MCP defines for it; compare it with"
                                + " " + method + " in the MCP specification");
            }
        }
        return null;
    }

}
