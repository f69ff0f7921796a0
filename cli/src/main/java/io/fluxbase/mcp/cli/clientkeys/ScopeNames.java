package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.kernel.clientkey.Scope;
import java.util.Arrays;
import java.util.Iterator;

/** Completion candidates for {@code --scopes}, also listed in its help text. */
final class ScopeNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Scope.values()).map(Scope::wireName).iterator();
    }
}
