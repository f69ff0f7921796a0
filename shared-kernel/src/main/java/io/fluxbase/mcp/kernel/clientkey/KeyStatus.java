package io.fluxbase.mcp.kernel.clientkey;

public enum KeyStatus {
    ACTIVE, REVOKED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
