package io.fluxbase.mcp.kernel.clientkey;

public record FindClientKeyQuery(String keyId) {
}
