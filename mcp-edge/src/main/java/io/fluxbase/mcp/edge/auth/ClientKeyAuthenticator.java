package io.fluxbase.mcp.edge.auth;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.blocking.BlockingWork;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.kernel.clientkey.Admission;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyAdmission;
import io.fluxbase.mcp.kernel.clientkey.ClientKeySecret;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.ExpireClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.KeyStatus;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Authenticates the key a request presents ({@code X-Client-Key}, or {@code Authorization: Bearer}) and applies the
 * key's per-minute limit. Every failure gets the same public message; the audit record keeps the real reason.
 */
@Component
public class ClientKeyAuthenticator {

    public static final String KEY_HEADER = "X-Client-Key";
    static final String UNAUTHORIZED = "Unauthorized: a valid client key is required. Send it in the X-Client-Key"
            + " header (or Authorization: Bearer <key>); create one with 'fluxbase clientkeys create'.";

    /** How long an admission lets read-only requests of the same key start before their own admission answers. */
    static final Duration RECENT = Duration.ofSeconds(1);

    /** A key admitted on this node: when, and how far into its limit it then was. */
    private record Recent(Principal principal, long admittedNanos, long position, int limit) {
    }

    private final Map<String, Recent> recent = new ConcurrentHashMap<>();
    private final ClientKeyAdmission admission;
    private final CommandGateway commands;
    private final BlockingWork blockingWork;
    private final int defaultLimit;

    ClientKeyAuthenticator(ClientKeyAdmission admission, CommandGateway commands, BlockingWork blockingWork,
            McpSettings settings) {
        this.blockingWork = blockingWork;
        this.admission = admission;
        this.commands = commands;
        this.defaultLimit = settings.mcp().rateLimitPerMin();
    }

    public Mono<Principal> authenticate(HttpHeaders headers, CallContext call) {
        return authenticate(presentedKeyHash(headers), call);
    }

    /** The hash of the key a request presents, computed once per request; null when it presents none. */
    public @Nullable String presentedKeyHash(HttpHeaders headers) {
        String presented = presentedKey(headers);
        return presented == null ? null : ClientKeySecret.hashOf(presented);
    }

    /** Authenticates the key whose {@link #presentedKeyHash hash} is given (null: no key was presented). */
    public Mono<Principal> authenticate(@Nullable String hash, CallContext call) {
        if (hash == null) {
            return Mono.error(unauthorized(ErrorCode.MISSING_KEY, "no client key was presented"));
        }
        Instant now = Instant.now();
        return Mono.fromFuture(() -> admission.admit(hash))
                .flatMap(found -> admit(hash, found, now, call))
                .doOnError(error -> recent.remove(hash));
    }

    /**
     * The principal of a key this node admitted less than {@link #RECENT} ago, still active and well within its
     * limit then; otherwise null. A read-only request may start its work under it while its own admission runs, and
     * must not answer before that admission succeeds: a key revoked or over its limit meanwhile is refused all the
     * same, and the work's result is thrown away.
     */
    public @Nullable Principal recentlyAdmitted(@Nullable String hash) {
        if (hash == null) {
            return null;
        }
        Recent known = recent.get(hash);
        if (known == null || System.nanoTime() - known.admittedNanos() > RECENT.toNanos()
                || known.position() * 2 >= known.limit()
                || known.principal().key().statusAt(Instant.now()) != KeyStatus.ACTIVE) {
            return null;
        }
        return known.principal();
    }

    private Mono<Principal> admit(String hash, Admission found, Instant now, CallContext call) {
        ClientKeyView key = found.key();
        if (key == null) {
            return Mono.error(unauthorized(ErrorCode.UNKNOWN_KEY, "the presented key matches no client key"));
        }
        call.principal(new Principal(key));
        KeyStatus status = key.statusAt(now);
        if (status == KeyStatus.EXPIRED && key.status() == KeyStatus.ACTIVE) {
            recordExpiry(key);
        }
        if (status != KeyStatus.ACTIVE) {
            return Mono.error(unauthorized(status == KeyStatus.REVOKED ? ErrorCode.KEY_REVOKED : ErrorCode.KEY_EXPIRED,
                    "client key '" + key.name() + "' (" + key.id() + ") is " + status.wireName()));
        }
        int limit = key.rateLimitPerMin() != null ? key.rateLimitPerMin() : defaultLimit;
        if (found.requestsInWindow() > limit) {
            long retryAfter = Math.max(1, Duration.between(now, found.windowEnds()).toSeconds() + 1);
            String message = "Rate limit exceeded: client key '" + key.name() + "' may make " + limit
                    + " requests per minute; retry after " + retryAfter + " s.";
            return Mono.error(new HttpRefusal(ErrorCode.RATE_LIMITED, message, message, retryAfter));
        }
        recent.put(hash, new Recent(call.principal(), System.nanoTime(), found.requestsInWindow(), limit));
        return Mono.just(call.principal());
    }

    /** Expiry becomes an event the first time anyone meets the expired key; the aggregate ignores repeats. */
    private void recordExpiry(ClientKeyView key) {
        blockingWork.call(() -> commands.sendAndWait(new ExpireClientKeyCommand(key.id())))
                .onErrorComplete()
                .subscribe();
    }

    private static HttpRefusal unauthorized(ErrorCode reason, String auditMessage) {
        return new HttpRefusal(reason, UNAUTHORIZED, auditMessage, null);
    }

    static @Nullable String presentedKey(HttpHeaders headers) {
        String key = headers.getFirst(KEY_HEADER);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }

    /** Failed authentication is an {@code auth} event, so the security owner finds it beside key lifecycle. */
    public static boolean isAuthFailure(HttpRefusal refusal) {
        return refusal.status() == HttpStatus.UNAUTHORIZED;
    }
}
