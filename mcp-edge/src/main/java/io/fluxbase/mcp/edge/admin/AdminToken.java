package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.dashboard.DashboardSessions;
import io.fluxbase.mcp.edge.transport.OriginHostValidator;
import io.fluxbase.mcp.kernel.admin.AdminCredential;
import io.fluxbase.mcp.kernel.error.ErrorCode;
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

    /** How an admitted request proved itself. */
    enum Presented { TOKEN, DASHBOARD_SESSION }

    private final AdminCredential credential;
    private final DashboardSessions dashboard;
    private final OriginHostValidator origins;

    AdminToken(AdminCredential credential, DashboardSessions dashboard, OriginHostValidator origins) {
        this.credential = credential;
        this.dashboard = dashboard;
        this.origins = origins;
    }

    /** True when the {@code Authorization} header carries the admin token. */
    boolean accepts(@Nullable String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && acceptsToken(authorization.substring(7));
    }

    /** True when {@code token} is the admin token, as the dashboard's sign-in form sends it. */
    boolean acceptsToken(@Nullable String token) {
        return token != null && !token.isBlank() && credential.accepts(token.trim());
    }

    /**
     * The admin token, or else a dashboard session; null when the request has neither.
     *
     * @throws AdminError when a dashboard session comes under a Host or Origin the MCP endpoint would refuse, or asks
     *         for a change without its CSRF token or from another origin
     */
    @Nullable Presented admits(ServerRequest request) {
        if (accepts(request.headers().firstHeader("Authorization"))) {
            return Presented.TOKEN;
        }
        DashboardSessions.Session session = dashboard.of(request).orElse(null);
        if (session == null) {
            return null;
        }
        try {
            origins.check(request.headers().asHttpHeaders());
        } catch (HttpRefusal refusal) {
            throw new AdminError(refusal.code(), refusal.getMessage());
        }
        if (!DashboardSessions.mayMake(request, session)) {
            throw new AdminError(ErrorCode.PERMISSION_DENIED, "a change from the dashboard must come from its own"
                    + " page with the session's CSRF token; reload the dashboard and try again");
        }
        return Presented.DASHBOARD_SESSION;
    }
}
