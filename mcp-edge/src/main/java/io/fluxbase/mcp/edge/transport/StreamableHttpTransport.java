package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.auth.ClientKeyAuthenticator;
import io.fluxbase.mcp.edge.auth.Principal;
import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.tool.ToolCatalogue;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * MCP Streamable HTTP (2025-11-25 rules) on WebFlux, behind mcp-core's transport SPI. One JSON-RPC message per POST;
 * 202 for notifications and responses; Mcp-Session-Id issued at initialize and required after (404 when unknown or
 * ended); DELETE ends a session; MCP-Protocol-Version checked; Origin/Host validated; every error body a JSON-RPC
 * error. Each request leaves exactly one audit record, made durable before the response is written.
 */
@Component
public class StreamableHttpTransport implements McpStreamableServerTransportProvider {

    private static final Logger log = LoggerFactory.getLogger(StreamableHttpTransport.class);

    private final McpSettings settings;
    private final McpJsonMapper json;
    private final SessionRegistry sessions;
    private final OriginHostValidator origins;
    private final ClientKeyAuthenticator authenticator;
    private final CallAudit audit;
    private final List<ResponseShaper> shapers;
    private final ToolCatalogue tools;
    private volatile McpStreamableServerSession.@Nullable Factory sessionFactory;

    StreamableHttpTransport(McpSettings settings, McpJsonMapper json, SessionRegistry sessions,
            OriginHostValidator origins, ClientKeyAuthenticator authenticator, CallAudit audit,
            List<ResponseShaper> shapers, ToolCatalogue tools) {
        this.settings = settings;
        this.json = json;
        this.sessions = sessions;
        this.origins = origins;
        this.authenticator = authenticator;
        this.audit = audit;
        this.shapers = shapers;
        this.tools = tools;
    }

    public RouterFunction<ServerResponse> routes() {
        String path = settings.mcp().basePath();
        return RouterFunctions.route()
                .POST(path, this::post)
                .GET(path, this::get)
                .DELETE(path, this::delete)
                .route(request -> request.path().equals(path), this::otherMethod)
                .build();
    }

    /** Any other HTTP method on the endpoint: 405, and like every request, one record. */
    private Mono<ServerResponse> otherMethod(ServerRequest request) {
        CallContext call = begin(request);
        return refuse(call, HttpRefusal.invalid(HttpStatus.METHOD_NOT_ALLOWED, HttpRefusal.INVALID_REQUEST,
                "method_not_allowed", "HTTP " + request.method().name() + " is not supported here; use POST, GET or"
                        + " DELETE"));
    }

    // ---- POST: one JSON-RPC message ----

    private Mono<ServerResponse> post(ServerRequest request) {
        CallContext call = begin(request);
        // The body is read (bounded) before any refusal: answering first and closing a connection with unread
        // bytes makes the kernel reset it, and the client may never see the answer.
        return Mono.defer(() -> RequestBodies.read(request, settings.mcp().maxRequestBytes(), this::tooLarge))
                .flatMap(body -> {
                    checkHeaders(request);
                    checkAcceptForPost(request);
                    McpSchema.JSONRPCMessage message = parse(body, call);
                    String keyHash = authenticator.presentedKeyHash(request.headers().asHttpHeaders());
                    Principal early = readOnly(message, call) ? authenticator.recentlyAdmitted(keyHash) : null;
                    if (early == null) {
                        return authenticator.authenticate(keyHash, call)
                                .flatMap(principal -> dispatch(request, message, principal, call, Mono.empty()));
                    }
                    // A read of a key admitted moments ago starts now, beside its own admission. Its answer and its
                    // record wait for that admission, and a refusal replaces the answer; so does any refusal of its
                    // own (an unknown session, say), so a refused key is told 401 or 429 first, as it would be if
                    // admission came before everything.
                    call.principal(early);
                    Mono<Void> admitted = authenticator.authenticate(keyHash, call).then().cache();
                    admitted.subscribe(null, error -> { });
                    return dispatch(request, message, early, call, admitted)
                            .onErrorResume(error -> admitted.then(Mono.error(error)));
                })
                .onErrorResume(HttpRefusal.class, refusal -> refuse(call, refusal))
                .onErrorResume(error -> unexpected(call, error));
    }

    private Mono<ServerResponse> dispatch(ServerRequest request, McpSchema.JSONRPCMessage message,
            Principal principal, CallContext call, Mono<Void> admitted) {
        if (message instanceof McpSchema.JSONRPCRequest rpc && McpSchema.METHOD_INITIALIZE.equals(rpc.method())) {
            return initialize(rpc, principal, call);
        }
        SessionRegistry.Entry session = requireSession(request, principal, call);
        call.client(session.clientName(), session.clientVersion());
        McpTransportContext context = McpTransportContext.create(Map.of(CallContext.KEY, call));
        if (message instanceof McpSchema.JSONRPCRequest rpc) {
            PostResponseStream stream = new PostResponseStream(json,
                    response -> admitted.then(Mono.defer(() -> finish(rpc, response, call))));
            Mono.defer(() -> session.session().responseStream(rpc, stream))
                    .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                    .subscribe(null, stream::fail);
            return stream.answer().flatMap(answer -> switch (answer) {
                case PostResponseStream.Answer.Json plain -> jsonResponse(HttpStatus.OK, plain.body(), null);
                case PostResponseStream.Answer.Stream sse -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .header("Cache-Control", "no-cache")
                        .body(BodyInserters.fromServerSentEvents(sse.events()));
            });
        }
        Mono<Void> accepted = message instanceof McpSchema.JSONRPCNotification note
                ? session.session().accept(note)
                : session.session().accept((McpSchema.JSONRPCResponse) message);
        return accepted.contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                .then(audit.record(call))
                .then(ServerResponse.accepted().build());
    }

    private Mono<ServerResponse> initialize(McpSchema.JSONRPCRequest rpc, Principal principal, CallContext call) {
        McpStreamableServerSession.Factory factory = sessionFactory;
        if (factory == null) {
            throw HttpRefusal.invalid(HttpStatus.SERVICE_UNAVAILABLE, HttpRefusal.SERVER_ERROR, "starting",
                    "the MCP server is still starting; retry in a moment");
        }
        McpSchema.InitializeRequest init = json.convertValue(rpc.params(), new TypeRef<>() {
        });
        if (init.clientInfo() != null) {
            call.client(init.clientInfo().name(), init.clientInfo().version());
        }
        McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
        String sessionId = started.session().getId();
        call.sessionId(sessionId);
        return started.initResult()
                .flatMap(result -> {
                    String body = write(McpSchema.JSONRPCResponse.result(rpc.id(), result));
                    call.bytesOut(body.getBytes(StandardCharsets.UTF_8).length);
                    // the session exists only once its initialize is on record
                    return audit.record(call)
                            .then(Mono.fromRunnable(() -> sessions.add(started.session(), principal.keyId(),
                                    call.clientName(), call.clientVersion())))
                            .then(jsonResponse(HttpStatus.OK, body, sessionId));
                });
    }

    /** Shapes the final response, writes it once, and records the call before the text may be sent. */
    private Mono<String> finish(McpSchema.JSONRPCRequest rpc, McpSchema.JSONRPCResponse response, CallContext call) {
        McpSchema.JSONRPCResponse shaped = response;
        for (ResponseShaper shaper : shapers) {
            shaped = shaper.shape(rpc.method(), call.principal(), shaped);
        }
        if (shaped.error() != null && call.outcome() == CallOutcome.OK) {
            call.fail(shaped.error().code() == McpSchema.ErrorCodes.INTERNAL_ERROR ? CallOutcome.ERROR
                    : CallOutcome.INVALID, "jsonrpc_" + shaped.error().code(), shaped.error().message());
        }
        String answer = write(shaped);
        call.bytesOut(answer.getBytes(StandardCharsets.UTF_8).length);
        return audit.record(call).thenReturn(answer);
    }

    // ---- GET: the session's listening stream ----

    private Mono<ServerResponse> get(ServerRequest request) {
        CallContext call = begin(request);
        call.method("GET");
        return Mono.defer(() -> {
                    checkHeaders(request);
                    List<MediaType> accept = request.headers().accept();
                    if (!accept.isEmpty() && accept.stream().noneMatch(type -> type.isCompatibleWith(
                            MediaType.TEXT_EVENT_STREAM))) {
                        throw HttpRefusal.invalid(HttpStatus.METHOD_NOT_ALLOWED, HttpRefusal.INVALID_REQUEST,
                                "stream_not_accepted", "GET opens a text/event-stream; send Accept: text/event-stream");
                    }
                    return authenticator.authenticate(request.headers().asHttpHeaders(), call);
                })
                .flatMap(principal -> {
                    SessionRegistry.Entry session = requireSession(request, principal, call);
                    ListeningStream listening = new ListeningStream(json);
                    var stream = session.session().listeningStream(listening);
                    Flux<ServerSentEvent<String>> events = listening.events()
                            .doFinally(signal -> stream.close());
                    return audit.record(call).then(ServerResponse.ok()
                            .contentType(MediaType.TEXT_EVENT_STREAM)
                            .header("Cache-Control", "no-cache")
                            .body(BodyInserters.fromServerSentEvents(events)));
                })
                .onErrorResume(HttpRefusal.class, refusal -> refuse(call, refusal))
                .onErrorResume(error -> unexpected(call, error));
    }

    // ---- DELETE: end the session ----

    private Mono<ServerResponse> delete(ServerRequest request) {
        CallContext call = begin(request);
        call.method("DELETE");
        return Mono.defer(() -> {
                    checkHeaders(request);
                    return authenticator.authenticate(request.headers().asHttpHeaders(), call);
                })
                .flatMap(principal -> {
                    SessionRegistry.Entry session = requireSession(request, principal, call);
                    sessions.remove(session.session().getId());
                    return session.session().delete().then(audit.record(call)).then(ServerResponse.noContent().build());
                })
                .onErrorResume(HttpRefusal.class, refusal -> refuse(call, refusal))
                .onErrorResume(error -> unexpected(call, error));
    }

    // ---- shared steps ----

    private CallContext begin(ServerRequest request) {
        String ip = request.remoteAddress().map(InetSocketAddress::getAddress).map(a -> a.getHostAddress())
                .orElse(null);
        CallContext call = new CallContext(ip, request.headers().firstHeader("User-Agent"),
                request.headers().firstHeader("traceparent"));
        call.method("HTTP " + request.method().name());
        if (ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest())
                instanceof Connection connection) {
            call.home(Schedulers.fromExecutor(connection.channel().eventLoop()));
        }
        return call;
    }

    private void checkHeaders(ServerRequest request) {
        origins.check(request.headers().asHttpHeaders());
        String version = request.headers().firstHeader(HttpHeaders.PROTOCOL_VERSION);
        if (version != null && !protocolVersions().contains(version)) {
            throw HttpRefusal.invalid(HttpStatus.BAD_REQUEST, HttpRefusal.INVALID_REQUEST, "unsupported_version",
                    "MCP-Protocol-Version '" + version + "' is not supported; this server speaks "
                            + String.join(", ", protocolVersions()));
        }
    }

    /** Lenient: a missing Accept, wildcards and q-weights are fine; only an Accept that rules out JSON is refused. */
    private static void checkAcceptForPost(ServerRequest request) {
        List<MediaType> accept = request.headers().accept();
        boolean json = accept.isEmpty() || accept.stream().anyMatch(t -> t.isCompatibleWith(MediaType.APPLICATION_JSON)
                || t.isCompatibleWith(MediaType.TEXT_EVENT_STREAM));
        if (!json) {
            throw HttpRefusal.invalid(HttpStatus.NOT_ACCEPTABLE, HttpRefusal.INVALID_REQUEST, "not_acceptable",
                    "Accept must allow application/json and text/event-stream");
        }
    }

    private McpSchema.JSONRPCMessage parse(String body, CallContext call) {
        String trimmed = body.stripLeading();
        if (trimmed.startsWith("[")) {
            throw HttpRefusal.invalid(HttpStatus.BAD_REQUEST, HttpRefusal.INVALID_REQUEST, "batch_not_supported",
                    "send one JSON-RPC message per POST; batches are not supported");
        }
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, body);
        } catch (IOException | IllegalArgumentException e) {
            throw HttpRefusal.invalid(HttpStatus.BAD_REQUEST, HttpRefusal.PARSE_ERROR, "parse_error",
                    "the body is not a JSON-RPC 2.0 message: " + firstLine(e.getMessage()));
        }
        if (message instanceof McpSchema.JSONRPCRequest rpc) {
            call.method(rpc.method());
            call.requestId(rpc.id());
            call.target(targetOf(rpc));
        } else if (message instanceof McpSchema.JSONRPCNotification note) {
            call.method(note.method());
        } else {
            call.method("response");
        }
        return message;
    }

    private static @Nullable String targetOf(McpSchema.JSONRPCRequest rpc) {
        if (rpc.params() instanceof Map<?, ?> params) {
            Object name = McpSchema.METHOD_TOOLS_CALL.equals(rpc.method()) ? params.get("name") : params.get("uri");
            return name == null ? null : String.valueOf(name);
        }
        return null;
    }

    /** Requests that change nothing: lists, ping, resource reads, and calls of our tools annotated read-only. */
    private boolean readOnly(McpSchema.JSONRPCMessage message, CallContext call) {
        if (!(message instanceof McpSchema.JSONRPCRequest rpc)) {
            return false;
        }
        return switch (rpc.method()) {
            case McpSchema.METHOD_TOOLS_LIST, McpSchema.METHOD_RESOURCES_LIST, McpSchema.METHOD_RESOURCES_READ,
                 McpSchema.METHOD_RESOURCES_TEMPLATES_LIST, McpSchema.METHOD_PING -> true;
            case McpSchema.METHOD_TOOLS_CALL -> call.target() != null && tools.isReadOnly(call.target());
            default -> false;
        };
    }

    private SessionRegistry.Entry requireSession(ServerRequest request, Principal principal, CallContext call) {
        String sessionId = request.headers().firstHeader(HttpHeaders.MCP_SESSION_ID);
        if (sessionId == null || sessionId.isBlank()) {
            throw HttpRefusal.invalid(HttpStatus.BAD_REQUEST, HttpRefusal.INVALID_REQUEST, "session_required",
                    "Mcp-Session-Id header is required; send initialize first and reuse the id it returns");
        }
        call.sessionId(sessionId);
        SessionRegistry.Entry entry = sessions.find(sessionId, principal.keyId());
        if (entry == null) {
            throw HttpRefusal.invalid(HttpStatus.NOT_FOUND, HttpRefusal.INVALID_REQUEST, "session_not_found",
                    "session '" + sessionId + "' does not exist or has ended; send initialize to start a new one");
        }
        return entry;
    }

    private Mono<ServerResponse> refuse(CallContext call, HttpRefusal refusal) {
        call.fail(refusal.outcome(), refusal.errorCode(), refusal.auditMessage());
        call.rows(0); // a read that started early is thrown away
        if (ClientKeyAuthenticator.isAuthFailure(refusal)) {
            call.category(AuditCategory.AUTH);
        }
        String body = errorBody(call.requestId(), refusal.rpcCode(), refusal.getMessage());
        call.bytesOut(body.getBytes(StandardCharsets.UTF_8).length);
        return audit.record(call)
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
                .onErrorResume(auditFailure -> auditUnavailable(auditFailure));
    }

    /** No response without its record: when the record cannot be written, the caller gets an error instead. */
    private Mono<ServerResponse> unexpected(CallContext call, Throwable error) {
        if (isAuditFailure(error)) {
            return auditUnavailable(error);
        }
        log.error("MCP request {} failed", call.callId(), error);
        call.fail(CallOutcome.ERROR, "internal_error", error.toString());
        String body = errorBody(call.requestId(), HttpRefusal.SERVER_ERROR,
                "internal error while handling the request (call id " + call.callId() + ")");
        return audit.record(call)
                .then(Mono.defer(() -> jsonResponse(HttpStatus.INTERNAL_SERVER_ERROR, body, null)))
                .onErrorResume(this::auditUnavailable);
    }

    private Mono<ServerResponse> auditUnavailable(Throwable error) {
        log.error("could not record an MCP call in the audit log; the response was withheld", error);
        return jsonResponse(HttpStatus.SERVICE_UNAVAILABLE, errorBody(null, HttpRefusal.SERVER_ERROR,
                "the audit log could not record this call, so its result was withheld; retry shortly"), null);
    }

    private static boolean isAuditFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.axonframework.eventsourcing")
                    || t.getClass().getName().startsWith("org.axonframework.common.jdbc")
                    || t.getMessage() != null && t.getMessage().contains("audit log")) {
                return true;
            }
        }
        return false;
    }

    private HttpRefusal tooLarge() {
        return HttpRefusal.invalid(HttpStatus.PAYLOAD_TOO_LARGE, HttpRefusal.INVALID_REQUEST, "body_too_large",
                "the request body is larger than " + settings.mcp().maxRequestBytes()
                        + " bytes (mcp.max_request_bytes)");
    }

    private Mono<ServerResponse> jsonResponse(HttpStatus status, String body, @Nullable String sessionId) {
        ServerResponse.BodyBuilder builder = ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON);
        if (sessionId != null) {
            builder.header(HttpHeaders.MCP_SESSION_ID, sessionId);
        }
        return builder.bodyValue(body);
    }

    /** JSON-RPC allows a null id when the request's id could not be read, which the SDK's record does not. */
    private String errorBody(@Nullable Object id, int code, String message) {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, @Nullable Object> body = new java.util.LinkedHashMap<>();
        body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.put("id", id);
        body.put("error", error);
        return write(body);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String firstLine(@Nullable String text) {
        if (text == null) {
            return "unreadable JSON";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    // ---- SPI ----

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Flux.fromIterable(sessions.all())
                .flatMap(entry -> entry.session().sendNotification(method, params).onErrorComplete())
                .then();
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return Flux.fromIterable(sessions.all())
                .filter(candidate -> candidate.session().getId().equals(sessionId))
                .flatMap(candidate -> candidate.session().sendNotification(method, params))
                .then();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(sessions::closeAll);
    }
}
