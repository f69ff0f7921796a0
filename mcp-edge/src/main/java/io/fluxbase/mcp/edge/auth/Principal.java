package io.fluxbase.mcp.edge.auth;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import org.jspecify.annotations.Nullable;

/** Who is calling: the client key a request was admitted with; none (no scope at all) until admission answers. */
public record Principal(@Nullable ClientKeyView key) {

    public static final Principal NOBODY = new Principal(null);

    public boolean holds(Scope scope) {
        return key != null && key.holds(scope);
    }

    public @Nullable String keyId() {
        return key == null ? null : key.id();
    }

    public Caller caller() {
        if (key == null) {
            throw new IllegalStateException("a request that was not admitted with a client key has no database role");
        }
        return Caller.of(key);
    }
}
