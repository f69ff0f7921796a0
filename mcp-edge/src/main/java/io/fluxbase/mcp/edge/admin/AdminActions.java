package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * What the admin token did, as audit records of category {@code admin}: sign-ins, {@code db apply}, key lifecycle,
 * secrets. Each names where the request came from (address and user agent), since the token itself names no one.
 * <p>
 * The admin API has no login: every request carries the token. A sign-in is therefore the first request from an
 * address and user agent, or the first after {@link #SESSION_IDLE} without one, recorded once per node, so a CLI run
 * or a scraper leaves one {@code admin.sign_in}, not one per request.
 */
@Component
class AdminActions {

    static final Duration SESSION_IDLE = Duration.ofMinutes(30);
    static final String SIGN_IN = "admin.sign_in";
    static final String SIGN_OUT = "admin.sign_out";
    static final String CLIENT = "fluxbase-admin";
    private static final int MAX_SESSIONS = 10_000;

    private final CallRecorder recorder;
    private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

    AdminActions(CallRecorder recorder) {
        this.recorder = recorder;
    }

    /** Records a sign-in when this request opens an admin session; completes at once otherwise. */
    Mono<Void> seen(ServerRequest request) {
        Instant now = Instant.now();
        AtomicBoolean opened = new AtomicBoolean();
        if (lastSeen.size() > MAX_SESSIONS) {
            lastSeen.values().removeIf(at -> at.isBefore(now.minus(SESSION_IDLE)));
        }
        lastSeen.compute(session(request), (session, at) -> {
            opened.set(at == null || at.isBefore(now.minus(SESSION_IDLE)));
            return now;
        });
        return opened.get() ? record(request, SIGN_IN, null, CallOutcome.OK, null, null, List.of()) : Mono.empty();
    }

    /**
     * A dashboard sign-in ({@code how}: with the token or a one-time link) or sign-out: always recorded, since each
     * opens or ends a session of its own; the requests the session then makes add no sign-in of their own.
     */
    Mono<Void> dashboard(ServerRequest request, String action, String how) {
        return record(request, action, "dashboard", CallOutcome.OK, null, how, List.of());
    }

    /**
     * A refused dashboard sign-in, so the log shows who tried: never what was typed. An address past
     * {@code mcp.auth_failures_per_min} is refused without a record, so guessing cannot flood the log.
     */
    Mono<Void> dashboardRefused(ServerRequest request, String why) {
        return record(request, SIGN_IN, "dashboard", CallOutcome.DENIED, null, why, List.of());
    }

    Mono<Void> record(ServerRequest request, String action, @Nullable String target, CallOutcome outcome,
            @Nullable String digest, @Nullable String message, List<?> alongside) {
        return record(action(request, action, target, outcome, digest, message, null), alongside);
    }

    /** A key's lifecycle, with the key's own fields so the report can list it by key. */
    Mono<Void> keyLifecycle(ServerRequest request, String action, ClientKeyView key) {
        return record(action(request, action, key.id(), CallOutcome.OK, null, null, key), List.of());
    }

    Mono<Void> record(CallRecord record, List<?> alongside) {
        return Mono.fromFuture(() -> recorder.record(record, alongside));
    }

    /**
     * A request that carried a wrong admin token (the API's or the metrics'), recorded as a refused sign-in until
     * its address is throttled.
     */
    Mono<Void> wrongToken(@Nullable String address, @Nullable String userAgent, String where) {
        return record(action(address, userAgent, SIGN_IN, where, CallOutcome.DENIED, null, "a wrong admin token",
                null), List.of());
    }

    static CallRecord action(ServerRequest request, String action, @Nullable String target, CallOutcome outcome,
            @Nullable String digest, @Nullable String message, @Nullable ClientKeyView key) {
        return action(address(request), request.headers().firstHeader("User-Agent"), action, target, outcome,
                digest, message, key);
    }

    private static CallRecord action(@Nullable String address, @Nullable String userAgent, String action,
            @Nullable String target, CallOutcome outcome, @Nullable String digest, @Nullable String message,
            @Nullable ClientKeyView key) {
        return new CallRecord(Instant.now(), TimeOrderedIds.next(), AuditCategory.ADMIN, null,
                key == null ? null : key.id(), key == null ? null : key.name(),
                key == null ? null : key.type().wireName(), key == null ? null : key.databaseRole(),
                key == null ? null : key.userId(), action, target, digest, null, outcome, null, message, 0, 0, 0,
                CLIENT, null, address, userAgent, null);
    }

    /** The client's address as records and the sign-in throttle name it; null when the server cannot tell. */
    static @Nullable String address(ServerRequest request) {
        return address(request.remoteAddress().orElse(null));
    }

    /** As {@link #address(ServerRequest)}, from the connection's remote address (a web filter's view of it). */
    static @Nullable String address(@Nullable InetSocketAddress remote) {
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    private static String session(ServerRequest request) {
        return Objects.requireNonNullElse(address(request), "?") + " " + request.headers().firstHeader("User-Agent");
    }
}
