package io.fluxbase.mcp.edge.auth;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: a client key, or (only with the conformance fixtures switched on) an anonymous caller that holds
 * no scope and so sees nothing but the fixtures.
 */
public record Principal(@Nullable ClientKeyView key) {

    public static final Principal FIXTURE_VISITOR = new Principal(null);

    public boolean holds(Scope scope) {
        return key != null && key.holds(scope);
    }

    public @Nullable String keyId() {
        return key == null ? null : key.id();
    }

    public Caller caller() {
        if (key == null) {
            throw new IllegalStateException("an anonymous fixture visitor has no database role");
        }
        return Caller.of(key);
    }
}
