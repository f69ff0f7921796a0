package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.auth.AuthFailureThrottle;
import io.fluxbase.mcp.edge.auth.ClientKeyAuthenticator;
import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.call.Printable;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CommandLogUnavailable;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The answer to a request the transport refuses or fails: an HTTP status, a JSON-RPC error body a person can act on,
 * and the call's record, made durable before the answer goes out. A request whose key has not been checked yet is
 * admitted first, so a missing, wrong or revoked key is always told 401 (or 429), whatever else was wrong with it.
 */
@Component
class RefusalAnswers {

    private static final Logger log = LoggerFactory.getLogger(RefusalAnswers.class);

    private final ClientKeyAuthenticator authenticator;
    private final AuthFailureThrottle throttle;
    private final CallAudit audit;
    private final McpJsonMapper json;

    RefusalAnswers(ClientKeyAuthenticator authenticator, AuthFailureThrottle throttle, CallAudit audit,
            McpJsonMapper json) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.audit = audit;
        this.json = json;
    }

    /** How an error body is written: a JSON-RPC error for the MCP endpoint, plain JSON for the functions path. */
    enum Envelope {
        JSON_RPC,
        /** {@code {"error": {"code": "missing_scope", "message": "..."}}}, as plain HTTP clients expect. */
        PLAIN
    }

    Mono<ServerResponse> refuse(ServerRequest request, CallContext call, HttpRefusal refusal) {
        return refuse(request, call, refusal, Envelope.JSON_RPC);
    }

    Mono<ServerResponse> refuse(ServerRequest request, CallContext call, HttpRefusal refusal, Envelope envelope) {
        String keyHash = authenticator.presentedKeyHash(request.headers().asHttpHeaders());
        if (ClientKeyAuthenticator.isAuthFailure(refusal) || call.principal().key() != null || keyHash == null) {
            return answer(call, refusal, envelope);
        }
        return authenticator.authenticate(keyHash, call)
                .flatMap(admitted -> answer(call, refusal, envelope))
                .onErrorResume(HttpRefusal.class, keyRefusal -> answer(call, keyRefusal, envelope))
                .onErrorResume(error -> unexpected(call, error, envelope));
    }

    private Mono<ServerResponse> answer(CallContext call, HttpRefusal refused, Envelope envelope) {
        // without a valid key, a refusal costs a durable write only once per address and minute (AuthFailureThrottle)
        AuthFailureThrottle.Verdict verdict = call.principal().key() == null
                || ClientKeyAuthenticator.isAuthFailure(refused) ? throttle.count(call, refused) : null;
        HttpRefusal refusal = verdict == null ? refused : verdict.refusal();
        call.fail(refusal.code(), refusal.outcome(), refusal.auditMessage());
        call.rows(0); // a read that started early is thrown away
        if (verdict != null && (ClientKeyAuthenticator.isAuthFailure(refused) || refusal != refused)) {
            call.category(AuditCategory.AUTH);
        }
        String body = errorBody(envelope, call.requestId(), refusal.code(), refusal.getMessage());
        long bytes = body.getBytes(StandardCharsets.UTF_8).length;
        call.bytesOut(bytes);
        Mono<Void> recorded = verdict == null || verdict.recordNow() ? audit.record(call)
                : Mono.fromRunnable(() -> verdict.sent(bytes));
        return recorded
                .then(Mono.defer(() -> {
                    ServerResponse.BodyBuilder builder = ServerResponse.status(refusal.status())
                            .contentType(MediaType.APPLICATION_JSON);
                    if (refusal.retryAfterSeconds() != null) {
                        builder.header("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
                    }
                    if (refusal.status() == HttpStatus.UNAUTHORIZED) {
                        builder.header("WWW-Authenticate", "Bearer realm=\"fluxbase-mcp\"");
                    }
                    return builder.bodyValue(body);
                }))
                .onErrorResume(error -> auditUnavailable(error, envelope));
    }

    Mono<ServerResponse> unexpected(CallContext call, Throwable error) {
        return unexpected(call, error, Envelope.JSON_RPC);
    }

    /** No response without its record: when the record cannot be written, the caller gets an error instead. */
    Mono<ServerResponse> unexpected(CallContext call, Throwable error, Envelope envelope) {
        if (isAuditFailure(error)) {
            return auditUnavailable(error, envelope);
        }
        log.error("MCP request {} failed", call.callId(), error);
        call.fail(ErrorCode.INTERNAL_ERROR, Printable.of(error.toString(), 2000));
        String body = errorBody(envelope, call.requestId(), ErrorCode.INTERNAL_ERROR,
                "internal error while handling the request (call id " + call.callId() + ")");
        call.bytesOut(body.getBytes(StandardCharsets.UTF_8).length);
        return audit.record(call)
                .then(Mono.defer(() -> ServerResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)))
                .onErrorResume(failure -> auditUnavailable(failure, envelope));
    }

    Mono<ServerResponse> auditUnavailable(Throwable error, Envelope envelope) {
        log.error("could not record an MCP call in the audit log; the response was withheld", error);
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(errorBody(envelope, null, ErrorCode.LOG_UNAVAILABLE, "the audit log could not record"
                        + " this call, so its result was withheld; retry shortly"));
    }

    private static boolean isAuditFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CommandLogUnavailable) {
                return true;
            }
        }
        return false;
    }

    /** JSON-RPC allows a null id when the request's id could not be read, which the SDK's record does not. */
    private String errorBody(Envelope envelope, @Nullable Object id, ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", envelope == Envelope.PLAIN ? code.wireName() : code.jsonRpcCode());
        error.put("message", message);
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        if (envelope == Envelope.JSON_RPC) {
            body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
            body.put("id", id);
        }
        body.put("error", error);
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
