package io.fluxbase.mcp.kernel.clientkey;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many of a limited thing (function calls, say) each key holds right now, so that one key can hold at most
 * {@code perKey} of them and never all that other keys need.
 */
public final class KeyShares {

    private final int perKey;
    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    public KeyShares(int perKey) {
        this.perKey = perKey;
    }

    public int perKey() {
        return perKey;
    }

    /** Takes one for {@code keyId}; false, taking nothing, when the key already holds its share. */
    public boolean tryTake(String keyId) {
        boolean[] taken = new boolean[1];
        held.compute(keyId, (key, count) -> {
            int now = count == null ? 0 : count;
            taken[0] = now < perKey;
            return taken[0] ? now + 1 : now;
        });
        return taken[0];
    }

    /** Gives back one that {@link #tryTake} took. */
    public void give(String keyId) {
        held.computeIfPresent(keyId, (key, count) -> count <= 1 ? null : count - 1);
    }
}
