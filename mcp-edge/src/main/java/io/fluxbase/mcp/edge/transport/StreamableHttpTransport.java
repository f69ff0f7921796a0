package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.auth.ClientKeyAuthenticator;
import io.fluxbase.mcp.edge.auth.Principal;
import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.call.Printable;
import io.fluxbase.mcp.edge.tool.ToolCatalogue;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import reactor.util.context.Context;

/**
 * MCP Streamable HTTP (2025-11-25 rules) on WebFlux, behind mcp-core's transport SPI. One JSON-RPC message per POST;
 * 202 for notifications and responses; Mcp-Session-Id issued at initialize and required after (404 when unknown or
 * ended); DELETE ends a session; MCP-Protocol-Version checked; Origin/Host validated; every error body a JSON-RPC
 * error. Each request leaves exactly one audit record, made durable before the response is written (requests no
 * valid key vouches for are counted per address and minute instead, see AuthFailureThrottle). Parsing is
 * {@link JsonRpcParser}'s; refusals and failures are answered by {@link RefusalAnswers}.
 */
@Component
public class StreamableHttpTransport implements McpStreamableServerTransportProvider {

    private static final Logger log = LoggerFactory.getLogger(StreamableHttpTransport.class);

    private final McpSettings settings;
    private final RequestBodies bodies;
    private final McpJsonMapper json;
    private final SessionRegistry sessions;
    private final OriginHostValidator origins;
    private final ClientKeyAuthenticator authenticator;
    private final CallAudit audit;
    private final RefusalAnswers refusals;
    private final List<ResponseShaper> shapers;
    private final ToolCatalogue tools;
    private volatile McpStreamableServerSession.@Nullable Factory sessionFactory;
    private volatile @Nullable String lastAcceptable;

    StreamableHttpTransport(McpSettings settings, RequestBodies bodies, McpJsonMapper json, SessionRegistry sessions,
            OriginHostValidator origins, ClientKeyAuthenticator authenticator, CallAudit audit,
            RefusalAnswers refusals, List<ResponseShaper> shapers, ToolCatalogue tools) {
        this.settings = settings;
        this.bodies = bodies;
        this.json = json;
        this.sessions = sessions;
        this.origins = origins;
        this.authenticator = authenticator;
        this.audit = audit;
        this.refusals = refusals;
        this.shapers = shapers;
        this.tools = tools;
    }

    public RouterFunction<ServerResponse> routes() {
        String path = settings.mcp().basePath();
        // POST, every call, never gets here: McpPostFilter hands it to post() ahead of the dispatcher
        return RouterFunctions.route()
                .GET(path, this::get)
                .DELETE(path, this::delete)
                .route(request -> request.path().equals(path), this::otherMethod)
                .build();
    }

    /** Any other HTTP method on the endpoint: 405, and like every request, one record. */
    private Mono<ServerResponse> otherMethod(ServerRequest request) {
        CallContext call = begin(request);
        return refusals.refuse(request, call, HttpRefusal.of(ErrorCode.METHOD_NOT_ALLOWED, "HTTP " + request.method().name()
                        + " is not supported here; use POST, GET or DELETE"));
    }

    // ---- POST: one JSON-RPC message ----

    /** A POST to the endpoint, as {@link McpPostFilter} hands it over. */
    Mono<ServerResponse> post(ServerRequest request) {
        CallContext call = begin(request);
        // The body is read (bounded) before any refusal: answering first and closing a connection with unread
        // bytes makes the kernel reset it, and the client may never see the answer.
        return bodies.read(request)
                .flatMap(body -> {
                    checkHeaders(request);
                    checkAcceptForPost(request);
                    McpSchema.JSONRPCMessage message = JsonRpcParser.parse(body, call);
                    String keyHash = authenticator.presentedKeyHash(request.headers().asHttpHeaders());
                    Principal early = readOnly(message, call) ? authenticator.recentlyAdmitted(keyHash) : null;
                    if (early == null) {
                        return authenticator.authenticate(keyHash, call)
                                .flatMap(principal -> dispatch(request, message, principal, keyHash, call,
                                        Mono.empty()));
                    }
                    // A read of a key admitted moments ago starts now, beside its own admission. Its answer and its
                    // record wait for that admission, and a refusal replaces the answer; so does any refusal of its
                    // own (an unknown session, say), so a refused key is told 401 or 429 first, as it would be if
                    // admission came before everything.
                    call.principal(early);
                    Mono<Void> admitted = authenticator.authenticate(keyHash, call).then().cache();
                    admitted.subscribe(null, error -> { });
                    // deferred, so that a refusal dispatch throws at once (an unknown session) waits for it too
                    return Mono.defer(() -> dispatch(request, message, early, keyHash, call, admitted))
                            .onErrorResume(error -> admitted.then(Mono.error(error)));
                })
                .onErrorResume(HttpRefusal.class, refusal -> refusals.refuse(request, call, refusal))
                .onErrorResume(error -> refusals.unexpected(call, error));
    }

    private Mono<ServerResponse> dispatch(ServerRequest request, McpSchema.JSONRPCMessage message,
            Principal principal, String keyHash, CallContext call, Mono<Void> admitted) {
        if (message instanceof McpSchema.JSONRPCRequest rpc && McpSchema.METHOD_INITIALIZE.equals(rpc.method())) {
            return initialize(rpc, principal, keyHash, call);
        }
        SessionRegistry.Entry session = requireSession(request, principal, call);
        call.client(session.clientName(), session.clientVersion());
        McpTransportContext context = McpTransportContext.create(Map.of(CallContext.KEY, call));
        if (message instanceof McpSchema.JSONRPCRequest rpc) {
            session.subscribing(rpc);
            PostResponseStream stream = new PostResponseStream(json,
                    response -> admitted.then(Mono.defer(() -> finish(rpc, response, call))), call::addBytesOut);
            // the context is the subscriber's own, not a contextWrite operator's, which would build it anew each
            // time an operator of the SDK's chain looks it up
            Mono.defer(() -> session.session().responseStream(rpc, stream))
                    .subscribe(null, error -> stream.fail(orUnreadableParams(rpc.method(), error)), null,
                            Context.of(McpTransportContext.KEY, context));
            return stream.answer().flatMap(answer -> switch (answer) {
                case PostResponseStream.Answer.Json plain ->
                        Mono.just(new JsonAnswer(HttpStatus.OK, plain.body(), null));
                case PostResponseStream.Answer.Stream sse -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .header("Cache-Control", "no-cache")
                        .body(BodyInserters.fromServerSentEvents(sse.events()));
            });
        }
        Mono<Void> accepted = switch (message) {
            case McpSchema.JSONRPCNotification note -> Mono.defer(() -> session.session().accept(note))
                    .onErrorMap(error -> orUnreadableParams(note.method(), error));
            case McpSchema.JSONRPCResponse answer -> Mono.defer(() -> session.session().accept(answer))
                    // the session refuses only an answer it is not waiting for
                    .onErrorMap(McpError.class, error -> HttpRefusal.of(ErrorCode.UNEXPECTED_RESPONSE, "this session is not waiting for an"
                                    + " answer with id " + answer.id() + "; a client sends responses only to requests"
                                    + " the server sent it (sampling, elicitation, roots/list)"));
            default -> throw new IllegalStateException("requests are dispatched above");
        };
        return accepted.contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                .then(audit.record(call))
                .then(ServerResponse.accepted().build());
    }

    private Mono<ServerResponse> initialize(McpSchema.JSONRPCRequest rpc, Principal principal, String keyHash,
            CallContext call) {
        McpStreamableServerSession.Factory factory = sessionFactory;
        if (factory == null) {
            throw HttpRefusal.of(ErrorCode.STARTING,
                    "the MCP server is still starting; retry in a moment");
        }
        McpSchema.InitializeRequest init;
        try {
            init = json.convertValue(rpc.params(), new TypeRef<>() {
            });
        } catch (IllegalArgumentException e) {
            throw orUnreadableParams(rpc.method(), e);
        }
        if (init.clientInfo() != null) {
            call.client(init.clientInfo().name(), init.clientInfo().version());
        }
        McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
        String sessionId = started.session().getId();
        call.sessionId(sessionId);
        return started.initResult()
                .flatMap(result -> {
                    byte[] body = write(McpSchema.JSONRPCResponse.result(rpc.id(), result));
                    call.bytesOut(body.length);
                    // the session exists only once its initialize is on record
                    return audit.record(call)
                            .then(Mono.fromRunnable(() -> sessions.add(started.session(), principal.keyId(),
                                    keyHash, call.clientName(), call.clientVersion())))
                            .then(Mono.just(new JsonAnswer(HttpStatus.OK, body, sessionId)));
                });
    }

    /** The error the SDK raised, or, when it could not read the method's params, a refusal naming the field. */
    private static RuntimeException orUnreadableParams(String method, Throwable error) {
        HttpRefusal refusal = JsonRpcParser.unreadableParams(method, error);
        if (refusal != null) {
            return refusal;
        }
        return error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
    }

    /**
     * Shapes the final response, writes it once (a write's answer was written already, to count it in its record),
     * and records the call before the text may be sent.
     */
    private Mono<byte[]> finish(McpSchema.JSONRPCRequest rpc, McpSchema.JSONRPCResponse response, CallContext call) {
        McpSchema.JSONRPCResponse shaped = response;
        for (ResponseShaper shaper : shapers) {
            shaped = shaper.shape(rpc.method(), call, shaped);
        }
        if (shaped.error() != null && call.outcome() == CallOutcome.OK) {
            call.fail(ErrorCode.ofJsonRpc(shaped.error().code()), Printable.of(shaped.error().message(), 2000));
        } else if (shaped.result() instanceof McpSchema.CallToolResult result && Boolean.TRUE.equals(result.isError())
                && call.outcome() == CallOutcome.OK) {
            // a tool error no tool of ours reported, e.g. the SDK's check of the arguments against the input schema
            call.fail(ErrorCode.TOOL_ERROR, Printable.of(firstText(result), 2000));
        }
        McpSchema.JSONRPCResponse sent = withoutInternals(rpc, shaped, call);
        byte[] written = sent.result() != null && Objects.equals(sent.id(), call.requestId())
                ? call.writtenFor(sent.result()) : null;
        byte[] answer = written != null ? written : write(sent);
        call.addBytesOut(answer.length);
        return audit.record(call).thenReturn(answer);
    }

    private static String firstText(McpSchema.CallToolResult result) {
        return result.content() != null && !result.content().isEmpty()
                && result.content().get(0) instanceof McpSchema.TextContent text ? text.text() : "tool error";
    }

    /**
     * An internal error (-32603) carries the text of whatever failed, a driver's or a library's; the caller gets a
     * message of ours instead, and the record and the log keep the original.
     */
    private static McpSchema.JSONRPCResponse withoutInternals(McpSchema.JSONRPCRequest rpc,
            McpSchema.JSONRPCResponse response, CallContext call) {
        if (response.error() == null || response.error().code() != McpSchema.ErrorCodes.INTERNAL_ERROR) {
            return response;
        }
        log.warn("MCP call {} ({}) failed: {}", call.callId(), rpc.method(), response.error().message());
        return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), null,
                new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, "internal error while"
                        + " handling " + rpc.method() + " (call id " + call.callId() + "); the server's log has the"
                        + " details", null));
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
                        throw HttpRefusal.of(ErrorCode.STREAM_NOT_ACCEPTED,
                                "GET opens a text/event-stream; send Accept: text/event-stream");
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
                .onErrorResume(HttpRefusal.class, refusal -> refusals.refuse(request, call, refusal))
                .onErrorResume(error -> refusals.unexpected(call, error));
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
                .onErrorResume(HttpRefusal.class, refusal -> refusals.refuse(request, call, refusal))
                .onErrorResume(error -> refusals.unexpected(call, error));
    }

    // ---- shared steps ----

    /** The call draft of an HTTP request: where it came from, and its connection's event loop as its home. */
    static CallContext begin(ServerRequest request) {
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
            throw HttpRefusal.of(ErrorCode.UNSUPPORTED_VERSION,
                    "MCP-Protocol-Version '" + version + "' is not supported; this server speaks "
                            + String.join(", ", protocolVersions()));
        }
    }

    /**
     * Lenient: a missing Accept, wildcards and q-weights are fine; only an Accept that rules out JSON is refused. A
     * client sends the same Accept with every request, so the last text found acceptable is remembered rather than
     * parsed again.
     */
    private void checkAcceptForPost(ServerRequest request) {
        String text = request.headers().firstHeader("Accept");
        if (text == null || text.equals(lastAcceptable)) {
            return;
        }
        List<MediaType> accept = request.headers().accept();
        boolean json = accept.isEmpty() || accept.stream().anyMatch(t -> t.isCompatibleWith(MediaType.APPLICATION_JSON)
                || t.isCompatibleWith(MediaType.TEXT_EVENT_STREAM));
        if (!json) {
            throw HttpRefusal.of(ErrorCode.NOT_ACCEPTABLE,
                    "Accept must allow application/json and text/event-stream");
        }
        lastAcceptable = text;
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
            throw HttpRefusal.of(ErrorCode.SESSION_REQUIRED,
                    "Mcp-Session-Id header is required; send initialize first and reuse the id it returns");
        }
        call.sessionId(sessionId);
        SessionRegistry.Entry entry = sessions.find(sessionId, principal.keyId());
        if (entry == null) {
            throw HttpRefusal.of(ErrorCode.SESSION_NOT_FOUND,
                    "session '" + sessionId + "' does not exist or has ended; send initialize to start a new one");
        }
        return entry;
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
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
