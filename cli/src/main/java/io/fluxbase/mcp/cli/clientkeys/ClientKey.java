package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.json.CliJson;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A client key as the admin API describes it. {@code key} holds the plaintext and is only present in the answers to
 * create and rotate. Times are RFC 3339 text, as sent.
 */
public record ClientKey(
        @Nullable String id,
        @Nullable String name,
        @Nullable String type,
        List<String> scopes,
        @Nullable String userId,
        @Nullable String prefix,
        @Nullable String status,
        @Nullable String createdAt,
        @Nullable String expiresAt,
        @Nullable String revokedAt,
        @Nullable String lastUsedAt,
        @Nullable Integer rateLimitPerMin,
        @Nullable String key) {

    /** The admin API's field names, in the order CSV output lists them. */
    static final List<String> FIELDS = List.of("id", "name", "type", "scopes", "user_id", "prefix", "status",
            "created_at", "expires_at", "revoked_at", "last_used_at", "rate_limit_per_min");

    @SuppressWarnings("ConstantValue") // Jackson passes null when a server leaves the field out.
    public ClientKey {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public static ClientKey from(JsonNode json) {
        return CliJson.MAPPER.treeToValue(json, ClientKey.class);
    }
}
