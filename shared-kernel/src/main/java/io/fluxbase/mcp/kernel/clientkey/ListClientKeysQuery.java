package io.fluxbase.mcp.kernel.clientkey;

public record ListClientKeysQuery() {
}
