package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.kernel.admin.AdminCredential;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The admin token as the admin API and the metrics endpoint take it: {@code Authorization: Bearer <token>}. */
@Component
class AdminToken {

    private final AdminCredential credential;

    AdminToken(AdminCredential credential) {
        this.credential = credential;
    }

    /** True when the {@code Authorization} header carries the admin token. */
    boolean accepts(@Nullable String authorization) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        return token != null && !token.isEmpty() && credential.accepts(token);
    }
}
