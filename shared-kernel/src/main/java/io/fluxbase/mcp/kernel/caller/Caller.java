package io.fluxbase.mcp.kernel.caller;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Who a data-plane call runs as: the key, its database role, the user it is bound to, if any, and the scopes it
 * holds (some answers say more to a key that may read the schema).
 */
public record Caller(String keyId, KeyType keyType, String databaseRole, @Nullable UUID userId, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public static Caller of(ClientKeyView key) {
        return new Caller(key.id(), key.type(), key.databaseRole(), key.userId(), key.scopes());
    }

    public boolean holds(Scope scope) {
        return scopes.contains(scope);
    }

    /** The claims that auth.uid(), auth.role() and auth.jwt() read, as Supabase-style policies expect them. */
    public String claimsJson() {
        StringBuilder json = new StringBuilder(128).append('{');
        json.append("\"sub\":").append(userId == null ? "null" : "\"" + userId + "\"");
        json.append(",\"role\":\"").append(databaseRole).append('"');
        json.append(",\"key_id\":\"").append(keyId).append('"');
        json.append(",\"key_type\":\"").append(keyType.wireName()).append('"');
        return json.append('}').toString();
    }
}
