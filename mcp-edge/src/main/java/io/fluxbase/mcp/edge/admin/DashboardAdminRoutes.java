package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.dashboard.DashboardSessions;
import io.fluxbase.mcp.edge.transport.StreamableHttpTransport;
import io.fluxbase.mcp.kernel.admin.DatabaseHealth;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecordLog;
import io.fluxbase.mcp.kernel.audit.ListCallRecordsQuery;
import io.fluxbase.mcp.kernel.chain.ChainedLog;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the dashboard needs beyond the CLI's admin API: signing in (with the admin token, or a one-time link that
 * {@code fluxbase dashboard open} asks for) and out, the session's CSRF token and the scope catalogue for the page,
 * the overview's figures, a call's row changes, and the audit log as server-sent events while the Activity page is
 * open. Sign-ins and sign-outs are admin records ({@code admin.sign_in}, {@code admin.sign_out}).
 */
@Configuration(proxyBeanMethods = false)
class DashboardAdminRoutes {

    private static final String PAGES = "/dashboard";
    private static final String API = "/admin/v1";
    static final String SIGN_IN_FAILED = "Sign-in failed";
    /** How often the live stream looks for new records, and how far back it looks each time. */
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final String PROJECTION_LAG = "fluxbase.audit.projection.lag";

    private final AdminRequests requests;
    private final AdminActions actions;
    private final AdminToken token;
    private final DashboardSessions sessions;
    private final CallRecordLog callRecords;
    private final DatabaseHealth database;
    private final ChainedLog chain;
    private final StreamableHttpTransport transport;
    private final MeterRegistry meters;
    private final McpSettings settings;

    DashboardAdminRoutes(AdminRequests requests, AdminActions actions, AdminToken token, DashboardSessions sessions,
            CallRecordLog callRecords, DatabaseHealth database, ChainedLog chain, StreamableHttpTransport transport,
            MeterRegistry meters, McpSettings settings) {
        this.requests = requests;
        this.actions = actions;
        this.token = token;
        this.sessions = sessions;
        this.callRecords = callRecords;
        this.database = database;
        this.chain = chain;
        this.transport = transport;
        this.meters = meters;
        this.settings = settings;
    }

    @Bean
    RouterFunction<ServerResponse> dashboardApi() {
        return RouterFunctions.route()
                .POST(PAGES + "/api/sign-in", this::signIn)
                .GET(PAGES + "/login/{token}", this::signInWithLink)
                .POST(PAGES + "/api/sign-out", this::signOut)
                .GET(PAGES + "/api/session", this::session)
                .POST(API + "/dashboard/links", requests.guarded(this::mintLink))
                .GET(API + "/overview", requests.guarded(this::overview))
                .GET(API + "/logs/stream", requests.guarded(this::stream))
                .GET(API + "/logs/{callId}/changes", requests.guarded(this::changes))
                .build();
    }

    // ---- signing in and out ----

    /** The form's token; a wrong one is told only "Sign-in failed", and an address that keeps failing waits. */
    private Mono<ServerResponse> signIn(ServerRequest request) {
        if (!DashboardSessions.sameOrigin(request.headers().asHttpHeaders())) {
            return AdminRequests.error(new AdminError(ErrorCode.PERMISSION_DENIED, SIGN_IN_FAILED));
        }
        String address = Objects.requireNonNullElse(AdminActions.address(request), "?");
        // The allowance is checked and a failure counted with nothing between them (the body is read first), so
        // concurrent guesses cannot all pass the check before any of them is counted.
        return AdminRequests.body(request)
                .map(body -> Objects.requireNonNullElse(AdminRequests.text(body, "token"), ""))
                .onErrorReturn(IllegalArgumentException.class, "")
                .flatMap(typed -> {
                    if (!sessions.maySignIn(address)) {
                        return AdminRequests.error(new AdminError(ErrorCode.AUTH_THROTTLED, SIGN_IN_FAILED
                                + "; too many attempts from this address, wait a minute"));
                    }
                    if (!token.acceptsToken(typed)) {
                        sessions.failedSignIn(address);
                        return actions.dashboardRefused(request, "a wrong admin token").then(
                                AdminRequests.error(new AdminError(ErrorCode.UNAUTHORIZED, SIGN_IN_FAILED)));
                    }
                    return actions.dashboard(request, AdminActions.SIGN_IN, "the admin token")
                            .then(Mono.defer(() -> {
                                DashboardSessions.Session session = sessions.open();
                                return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                        .cookie(sessions.cookie(session, secure(request)))
                                        .bodyValue(AdminRequests.JSON.writeValueAsString(sessionView(session)));
                            }));
                });
    }

    private Mono<ServerResponse> signInWithLink(ServerRequest request) {
        if (!sessions.redeem(request.pathVariable("token"))) {
            return actions.dashboardRefused(request, "an unknown, used or expired one-time link")
                    .then(ServerResponse.seeOther(URI.create(PAGES + "/#link-used")).build());
        }
        // the page keeps the session's CSRF token from the fragment, which the browser never sends anywhere
        return actions.dashboard(request, AdminActions.SIGN_IN, "a one-time link")
                .then(Mono.defer(() -> {
                    DashboardSessions.Session session = sessions.open();
                    return ServerResponse.seeOther(URI.create(PAGES + "/#csrf=" + session.csrf()))
                            .cookie(sessions.cookie(session, secure(request))).build();
                }));
    }

    private Mono<ServerResponse> signOut(ServerRequest request) {
        DashboardSessions.Session session = sessions.of(request).orElse(null);
        if (session == null) {
            return AdminRequests.error(new AdminError(ErrorCode.UNAUTHORIZED, "not signed in"));
        }
        if (!DashboardSessions.mayMake(request, session)) {
            return AdminRequests.error(new AdminError(ErrorCode.PERMISSION_DENIED, "sign out from the dashboard's"
                    + " own page"));
        }
        sessions.close(session);
        return actions.dashboard(request, AdminActions.SIGN_OUT, "signed out")
                .then(ServerResponse.noContent().cookie(DashboardSessions.expiredCookie(secure(request))).build());
    }

    /**
     * What the signed-in page's forms need, or {@code signed_in: false} (a 200: not being signed in is what the page
     * expects first, not an error for the browser's console). Only a page that holds the session's CSRF token is
     * signed in: the cookie alone may have been sent by the browser to another service on the same host.
     */
    private Mono<ServerResponse> session(ServerRequest request) {
        return AdminRequests.ok(sessions.of(request).filter(session -> DashboardSessions.mayMake(request, session))
                .map(this::sessionView).orElseGet(() -> Map.of("signed_in", false)));
    }

    private Map<String, Object> sessionView(DashboardSessions.Session session) {
        return Map.of("signed_in", true, "csrf_token", session.csrf(), "expires_at", session.expiresAt().toString(),
                "mcp_path", settings.mcp().basePath(),
                "scopes", Arrays.stream(Scope.values())
                        .map(scope -> Map.of("name", scope.wireName(), "meaning", scope.meaning())).toList());
    }

    private Mono<ServerResponse> mintLink(ServerRequest request) {
        DashboardSessions.Link link = sessions.mintLink();
        URI uri = request.uri();
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        return requests.made(request, "dashboard.link", "dashboard", Mono.just(link))
                .flatMap(minted -> AdminRequests.ok(Map.of("url", base + PAGES + "/login/" + minted.token(),
                        "expires_at", minted.expiresAt().toString())));
    }

    // ---- what the pages show ----

    /**
     * Calls are the {@code mcp} records of the last 24 hours; denials and rate limiting also count the refusals of
     * requests no valid key vouched for ({@code auth} records), such as a revoked key's.
     */
    private Mono<ServerResponse> overview(ServerRequest request) {
        Instant since = Instant.now().minus(Duration.ofHours(24));
        return Mono.zip(Mono.fromFuture(database::ping).onErrorReturn(false),
                        Mono.fromFuture(() -> callRecords.countByOutcome(AuditCategory.MCP, since)),
                        Mono.fromFuture(() -> callRecords.countByOutcome(AuditCategory.AUTH, since)))
                .flatMap(answers -> {
                    Map<CallOutcome, Long> calls = answers.getT2();
                    Map<CallOutcome, Long> refusals = answers.getT3();
                    Map<String, @Nullable Object> view = new LinkedHashMap<>();
                    view.put("status", answers.getT1() ? "healthy" : "unhealthy");
                    view.put("database", answers.getT1() ? "up" : "unreachable");
                    view.put("protocol_versions", transport.protocolVersions());
                    view.put("calls_24h", calls.values().stream().mapToLong(Long::longValue).sum());
                    Map<String, Long> byOutcome = new LinkedHashMap<>();
                    calls.forEach((outcome, count) -> byOutcome.put(outcome.wireName(), count));
                    view.put("outcomes_24h", byOutcome);
                    view.put("denied_24h", calls.getOrDefault(CallOutcome.DENIED, 0L)
                            + refusals.getOrDefault(CallOutcome.DENIED, 0L));
                    view.put("rate_limited_24h", calls.getOrDefault(CallOutcome.RATE_LIMITED, 0L)
                            + refusals.getOrDefault(CallOutcome.RATE_LIMITED, 0L));
                    Gauge lag = meters.find(PROJECTION_LAG).gauge();
                    view.put("projection_lag", lag == null ? null : Math.round(lag.value()));
                    view.put("last_verification", chain.lastVerification()
                            .map(last -> Map.of("ok", last.ok(), "at", last.at().toString())).orElse(null));
                    return AdminRequests.ok(view);
                });
    }

    /** The first {@code limit} rows a call wrote (1,000 unless asked), with {@code truncated} when it wrote more. */
    private Mono<ServerResponse> changes(ServerRequest request) {
        int limit = AdminRequests.limit(request, 1_000, 10_000);
        return Mono.fromFuture(() -> callRecords.changesOf(request.pathVariable("callId"), limit))
                .flatMap(written -> AdminRequests.ok(Map.of("changes", written.changes().stream().map(change -> Map.of(
                        "time", change.time().toString(), "table", change.table(), "row_key", change.rowKey(),
                        "operation", change.operation(), "columns", change.columns(), "digest", change.digest()))
                        .toList(), "truncated", written.truncated())));
    }

    /**
     * New audit records matching the request's filters, as server-sent events ({@code record}, the same JSON as
     * {@code GET /logs}), until the client goes away or its dashboard session ends. It looks back {@link #WINDOW}
     * each {@link #POLL} and sends each call once: records reach the audit log in commit order, not time order.
     */
    private Mono<ServerResponse> stream(ServerRequest request) {
        AdminRoutes.logsQuery(request, Instant.now()); // bad filters are refused (400) before the stream opens
        boolean bySession = sessions.of(request).isPresent();
        long heartbeatEvery = HEARTBEAT.dividedBy(POLL);
        Map<String, Instant> sent = new ConcurrentHashMap<>();
        Flux<ServerSentEvent<String>> events = Flux.interval(Duration.ZERO, POLL)
                .onBackpressureDrop()
                .takeWhile(tick -> !bySession || sessions.of(request).isPresent())
                .concatMap(tick -> {
                    Instant now = Instant.now();
                    sent.values().removeIf(at -> at.isBefore(now.minus(WINDOW.multipliedBy(2))));
                    ListCallRecordsQuery filters = AdminRoutes.logsQuery(request, now);
                    Instant since = filters.since().isAfter(now.minus(WINDOW)) ? filters.since() : now.minus(WINDOW);
                    return Mono.fromFuture(() -> callRecords.list(new ListCallRecordsQuery(filters.category(), since,
                                    filters.keyId(), filters.target(), filters.outcome(), 1000, null)))
                            .map(found -> {
                                List<ServerSentEvent<String>> batch = new ArrayList<>();
                                found.reversed().stream()
                                        .filter(record -> sent.putIfAbsent(record.callId(), record.time()) == null)
                                        .forEach(record -> batch.add(ServerSentEvent.builder(AdminRequests.JSON
                                                        .writeValueAsString(AdminViews.record(record)))
                                                .event("record").id(record.callId()).build()));
                                if (batch.isEmpty() && tick % heartbeatEvery == 0) {
                                    // Written now and then so that a client that went away is noticed.
                                    batch.add(ServerSentEvent.<String>builder().comment("still here").build());
                                }
                                return batch;
                            });
                })
                .concatMapIterable(batch -> batch);
        return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(events, ServerSentEvent.class);
    }

    private static boolean secure(ServerRequest request) {
        return "https".equals(request.uri().getScheme())
                || "https".equalsIgnoreCase(request.headers().firstHeader("X-Forwarded-Proto"));
    }
}
