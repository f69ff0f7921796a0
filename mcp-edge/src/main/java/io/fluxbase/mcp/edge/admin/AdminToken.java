package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.dashboard.DashboardSessions;
import io.fluxbase.mcp.edge.transport.OriginHostValidator;
import io.fluxbase.mcp.kernel.admin.AdminCredential;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Who may use the admin API: the admin token as the CLI and the metrics endpoint send it ({@code Authorization:
 * Bearer <token>}), or a signed-in dashboard (its session cookie, and for changes its CSRF token and own origin),
 * under the MCP endpoint's Host and Origin rules.
 */
@Component
class AdminToken {

    /** What a request presented: the admin token or a dashboard session (admitted), or a wrong token. */
    enum Presented { TOKEN, DASHBOARD_SESSION, WRONG_TOKEN }


    private final AdminCredential credential;
    private final DashboardSessions dashboard;
    private final OriginHostValidator origins;

    AdminToken(AdminCredential credential, DashboardSessions dashboard, OriginHostValidator origins) {
        this.credential = credential;
        this.dashboard = dashboard;
        this.origins = origins;
    }

    /** What an {@code Authorization} header proves. */
    enum Bearer { NONE, ADMIN_TOKEN, WRONG_TOKEN }

    /**
     * Whether the header carries the admin token. Wrong tokens count against the address's allowance as the
     * dashboard's sign-in does ({@code mcp.auth_failures_per_min}); past it the address is refused, right token or
     * not, until the next minute, so a token cannot be guessed as fast as the server answers.
     */
    Bearer bearer(@Nullable String authorization, @Nullable String address) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Bearer.NONE;
        }
        String from = Objects.requireNonNullElse(address, "?");
        if (!dashboard.maySignIn(from)) {
            throw new AdminError(ErrorCode.AUTH_THROTTLED, "too many wrong admin tokens from this address; wait a"
                    + " minute");
        }
        if (acceptsToken(authorization.substring(7))) {
            return Bearer.ADMIN_TOKEN;
        }
        dashboard.failedSignIn(from);
        return Bearer.WRONG_TOKEN;
    }

    /** True when {@code token} is the admin token, as the dashboard's sign-in form sends it. */
    boolean acceptsToken(@Nullable String token) {
        return token != null && !token.isBlank() && credential.accepts(token.trim());
    }

    /**
     * The admin token, a wrong one, or else a dashboard session; null when the request has none of them.
     *
     * @throws AdminError when the request comes under a Host or Origin the MCP endpoint would refuse, or the address
     *         sent too many wrong tokens this minute, or a dashboard session asks without its CSRF token, or for a
     *         change from another origin
     */
    @Nullable Presented admits(ServerRequest request) {
        // Host and Origin first: a page under another name (DNS rebinding) must not spend the address's allowance
        // of wrong tokens and so shut the operator out.
        try {
            origins.check(request.headers().asHttpHeaders());
        } catch (HttpRefusal refusal) {
            throw new AdminError(refusal.code(), refusal.getMessage());
        }
        Bearer bearer = bearer(request.headers().firstHeader("Authorization"), AdminActions.address(request));
        if (bearer == Bearer.ADMIN_TOKEN) {
            return Presented.TOKEN;
        }
        if (bearer == Bearer.WRONG_TOKEN) {
            return Presented.WRONG_TOKEN;
        }
        DashboardSessions.Session session = dashboard.of(request).orElse(null);
        if (session == null) {
            return null;
        }
        if (!DashboardSessions.mayMake(request, session)) {
            throw new AdminError(ErrorCode.PERMISSION_DENIED, "a request of a dashboard session must come from the"
                    + " dashboard's own page with the session's CSRF token; reload the dashboard and try again");
        }
        return Presented.DASHBOARD_SESSION;
    }
}
