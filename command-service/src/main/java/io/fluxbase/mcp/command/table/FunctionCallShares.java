package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.kernel.clientkey.KeyShares;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;

/**
 * How many function calls each key has running. A function runs as long as its code does (up to mcp.write_timeout),
 * holding a connection of its role's pool all the while; so one key may run only {@code perKey} at once
 * (rpc.max_concurrent_per_key, less than the pool's size), and its further calls are told to wait and call again
 * instead of taking the connections other keys' calls need.
 */
final class FunctionCallShares {

    private final KeyShares shares;

    FunctionCallShares(int perKey) {
        this.shares = new KeyShares(perKey);
    }

    /** @throws DataAccessRefusal when the key already runs its share */
    void take(String keyId) {
        if (!shares.tryTake(keyId)) {
            throw new DataAccessRefusal(ErrorCode.BUSY, "name", "this key already has " + shares.perKey()
                    + " function calls running, the most one key may run at once (rpc.max_concurrent_per_key); wait"
                    + " for one to finish, then call again");
        }
    }

    void give(String keyId) {
        shares.give(keyId);
    }
}
