package io.fluxbase.mcp.edge.dashboard;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.kernel.admin.AdminTokenReplaced;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Dashboard sessions, kept in this node's memory: a random id in an {@code HttpOnly}, {@code SameSite=Strict} cookie
 * that expires after {@code dashboard.session_ttl}, a CSRF token per session, and one-time sign-in links. A restart
 * (or another node) does not know the session: the dashboard then asks to sign in again.
 * <p>
 * A request that changes something must carry the session's CSRF token in {@value #CSRF_HEADER} and come from this
 * server's own origin ({@code Origin} naming the {@code Host} it was sent to, or {@code Sec-Fetch-Site: same-origin}):
 * either alone would stop a cross-site form; both together also stop a page that learned the token somehow.
 */
@Component
public class DashboardSessions {

    public static final String COOKIE = "fluxbase_dashboard";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_PARAMETER = "csrf";
    static final Duration LINK_TTL = Duration.ofMinutes(5);
    private static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** A signed-in browser; {@code csrf} is handed to the page's script, which sends it back on every change. */
    public record Session(String id, String csrf, Instant expiresAt) {
    }

    private record Failures(Instant minute, int count) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> links = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int failuresPerMin;
    private final Clock clock;

    @Autowired
    DashboardSessions(@Value("${fluxbase.dashboard.session-ttl:8h}") Duration ttl, McpSettings settings) {
        this(ttl, settings.mcp().authFailuresPerMin(), Clock.systemUTC());
    }

    DashboardSessions(Duration ttl, int failuresPerMin, Clock clock) {
        this.ttl = ttl;
        this.failuresPerMin = failuresPerMin;
        this.clock = clock;
    }

    public Session open() {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(session -> !session.expiresAt().isAfter(now));
        }
        Session session = new Session(random(), random(), now.plus(ttl));
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session the request's cookie names, if any. */
    public Optional<Session> of(ServerRequest request) {
        HttpCookie cookie = request.cookies().getFirst(COOKIE);
        if (cookie == null) {
            return Optional.empty();
        }
        Session session = sessions.get(cookie.getValue());
        if (session != null && !session.expiresAt().isAfter(clock.instant())) {
            sessions.remove(session.id());
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    public void close(Session session) {
        sessions.remove(session.id());
    }

    /** Sessions were opened with the admin token: one replaced (by another node, say) ends them all. */
    @EventListener
    void on(AdminTokenReplaced replaced) {
        sessions.clear();
    }

    /**
     * Whether the session may make this request: only with the session's CSRF token, and a change only from this
     * server's own origin too. The cookie alone is not enough, even to read: a browser sends a cookie of
     * {@code localhost} to every port of it, so any other local service the operator's browser visits receives it,
     * while the token lives in the page's own storage, which is kept per origin (port included). An
     * {@code EventSource} cannot send a header, so a read may carry the token as the {@value #CSRF_PARAMETER} query
     * parameter instead.
     */
    public static boolean mayMake(ServerRequest request, Session session) {
        boolean read = SAFE.contains(request.method());
        String presented = request.headers().firstHeader(CSRF_HEADER);
        if (presented == null && read) {
            presented = request.queryParam(CSRF_PARAMETER).orElse(null);
        }
        boolean holdsToken = presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                session.csrf().getBytes(StandardCharsets.UTF_8));
        return holdsToken && (read || sameOrigin(request.headers().asHttpHeaders()));
    }

    /**
     * True when a browser says the request comes from a page of this server: its {@code Origin} names the host and
     * port the request was sent to or, without an {@code Origin}, {@code Sec-Fetch-Site} says same-origin. A request
     * that says neither (no browser sends that for a cross-site POST) is not taken as same-origin.
     */
    public static boolean sameOrigin(HttpHeaders headers) {
        String host = headers.getFirst(HttpHeaders.HOST);
        String origin = headers.getOrigin();
        if (origin != null) {
            try {
                URI uri = URI.create(origin);
                return host != null && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return "same-origin".equals(headers.getFirst("Sec-Fetch-Site"));
    }

    /** A one-time sign-in link's token: good for {@link #LINK_TTL}, and only once. */
    public Link mintLink() {
        Instant now = clock.instant();
        links.values().removeIf(expiry -> !expiry.isAfter(now));
        String token = random();
        Instant expiresAt = now.plus(LINK_TTL);
        links.put(token, expiresAt);
        return new Link(token, expiresAt);
    }

    public record Link(String token, Instant expiresAt) {
    }

    /** Takes the link's token out, so a second use fails; true when it was valid. */
    public boolean redeem(String token) {
        Instant expiry = links.remove(token);
        return expiry != null && expiry.isAfter(clock.instant());
    }

    /** Counts a failed sign-in from {@code address} in this minute's allowance (see {@link #maySignIn}). */
    public void failedSignIn(String address) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        if (failures.size() >= MAX_SESSIONS) {
            failures.values().removeIf(f -> f.minute().isBefore(minute));
        }
        failures.merge(address, new Failures(minute, 1), (old, one) -> old.minute().equals(minute)
                ? new Failures(minute, old.count() + 1) : one);
    }

    /**
     * True while the address has failed fewer than {@code mcp.auth_failures_per_min} times this minute (the
     * allowance the MCP endpoint gives); after that even the right token waits for the next minute.
     */
    public boolean maySignIn(String address) {
        Failures seen = failures.get(address);
        return seen == null || !seen.minute().equals(clock.instant().truncatedTo(ChronoUnit.MINUTES))
                || seen.count() < failuresPerMin;
    }

    /** The cookie of a session just opened: the browser forgets it when the server does. */
    public ResponseCookie cookie(Session session, boolean secure) {
        return ResponseCookie.from(COOKIE, session.id()).httpOnly(true).sameSite("Strict").path("/").secure(secure)
                .maxAge(ttl).build();
    }

    public static ResponseCookie expiredCookie(boolean secure) {
        return ResponseCookie.from(COOKIE, "").httpOnly(true).sameSite("Strict").path("/").secure(secure)
                .maxAge(Duration.ZERO).build();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
