package io.fluxbase.mcp.kernel.audit;

import java.util.Locale;

/** {@code mcp}: calls to the endpoint; {@code auth}: key lifecycle and failed authentication; {@code jobs}. */
public enum AuditCategory {
    MCP, AUTH, JOBS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditCategory parse(String text) {
        for (AuditCategory category : values()) {
            if (category.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown category '" + text + "'; use one of mcp, auth, jobs");
    }
}
