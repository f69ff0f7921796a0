package io.fluxbase.mcp.kernel.caller;

import io.fluxbase.mcp.kernel.sql.BoundSql;
import java.util.List;

/**
 * The first statement of every data-plane transaction: switch to the caller's role and publish its claims, both
 * transaction-local ({@code is_local = true}), so nothing leaks to the next user of the pooled connection.
 * This is the one place that decides how the database role is set.
 */
public final class CallerSettings {

    private static final String SQL =
            "SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true)";

    private CallerSettings() {
    }

    public static BoundSql of(Caller caller) {
        return new BoundSql(SQL, List.of(caller.databaseRole(), caller.claimsJson()));
    }
}
