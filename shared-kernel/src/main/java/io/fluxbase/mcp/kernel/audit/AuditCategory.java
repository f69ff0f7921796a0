package io.fluxbase.mcp.kernel.audit;

import java.util.Locale;

/**
 * {@code mcp}: calls to the endpoint; {@code auth}: failed authentication; {@code jobs}: job attempts; {@code admin}:
 * what the admin token did (sign-ins, db apply, key lifecycle, secrets).
 */
public enum AuditCategory {
    MCP, AUTH, JOBS, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditCategory parse(String text) {
        for (AuditCategory category : values()) {
            if (category.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown category '" + text + "'; use one of mcp, auth, jobs, admin");
    }
}
