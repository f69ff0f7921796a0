package io.fluxbase.mcp.kernel.caller;

import java.util.Set;

/**
 * The opening of every data-plane transaction: begin, switch to the caller's role and publish its claims, all
 * transaction-local ({@code is_local = true}) so nothing leaks to the next user of a pooled connection. This is the
 * one place that decides how the database role is set.
 *
 * <p>Writes share the command log's transaction with other calls, so each runs between {@link #enterCall} and
 * {@link #LEAVE_CALL} (or {@link #ABANDON_CALL}) instead.
 *
 * <p>Each is one simple-query message (one round trip instead of two). Its literals are safe to inline: the role is
 * one of three fixed names and the claims hold only our own key id and a UUID, never anything a caller sent.
 */
public final class CallerSettings {

    private static final String CALL_SAVEPOINT = "fluxbase_call";

    public static final Set<String> ROLES = Set.of("anon", "authenticated", "service_role");

    /** After a call that succeeded: keep its work, and give the transaction back to the server's own role. */
    public static final String LEAVE_CALL = "RELEASE SAVEPOINT " + CALL_SAVEPOINT
            + "; SELECT set_config('role', 'none', true), set_config('request.jwt.claims', '', true)";

    /** After a call that failed: undo its work; the role and claims set after the savepoint are undone with it. */
    public static final String ABANDON_CALL = "ROLLBACK TO SAVEPOINT " + CALL_SAVEPOINT
            + "; RELEASE SAVEPOINT " + CALL_SAVEPOINT;

    private CallerSettings() {
    }

    public static String openingStatements(Caller caller) {
        return "BEGIN; " + switchTo(caller);
    }

    /**
     * For a call inside a transaction the command log shares with other calls: a savepoint (so a refused write
     * undoes only itself, role switch included), then the caller's role and claims.
     */
    public static String enterCall(Caller caller) {
        return "SAVEPOINT " + CALL_SAVEPOINT + "; " + switchTo(caller);
    }

    private static String switchTo(Caller caller) {
        if (!ROLES.contains(caller.databaseRole())) {
            throw new IllegalArgumentException("unknown database role '" + caller.databaseRole() + "'");
        }
        return "SELECT set_config('role', " + literal(caller.databaseRole())
                + ", true), set_config('request.jwt.claims', " + literal(caller.claimsJson()) + ", true)";
    }

    static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in a setting value");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
