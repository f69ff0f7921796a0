package io.fluxbase.mcp.cli.clientkeys;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /admin/v1/clientkeys}; written with snake_case names, nulls included. */
record CreateClientKeyRequest(
        String name,
        String type,
        List<String> scopes,
        @Nullable String userId,
        @Nullable String expires,
        @Nullable Integer rateLimitPerMin) {
}
