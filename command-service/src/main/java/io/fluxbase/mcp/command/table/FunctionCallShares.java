package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many function calls each key has running. A function runs as long as its code does (up to mcp.write_timeout),
 * holding a connection of its role's pool all the while; so one key may run only {@code perKey} at once
 * (rpc.max_concurrent_per_key, less than the pool's size), and its further calls are told to wait and call again
 * instead of taking the connections other keys' calls need.
 */
final class FunctionCallShares {

    private final int perKey;
    private final ConcurrentMap<String, Integer> running = new ConcurrentHashMap<>();

    FunctionCallShares(int perKey) {
        this.perKey = perKey;
    }

    /** @throws DataAccessRefusal when the key already runs its share */
    void take(String keyId) {
        boolean[] taken = new boolean[1];
        running.compute(keyId, (key, count) -> {
            int now = count == null ? 0 : count;
            taken[0] = now < perKey;
            return taken[0] ? now + 1 : now;
        });
        if (!taken[0]) {
            throw new DataAccessRefusal(ErrorCode.BUSY, "name", "this key already has " + perKey + " function calls"
                    + " running, the most one key may run at once (rpc.max_concurrent_per_key); wait for one to"
                    + " finish, then call again");
        }
    }

    void give(String keyId) {
        running.computeIfPresent(keyId, (key, count) -> count <= 1 ? null : count - 1);
    }
}
