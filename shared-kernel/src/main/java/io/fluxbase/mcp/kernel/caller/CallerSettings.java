package io.fluxbase.mcp.kernel.caller;

import java.time.Duration;
import java.util.Set;

/**
 * How every caller transaction opens and ends; the one place that decides how the database role is set.
 *
 * <p>A caller's statements run on a connection that logs in as the caller login of the key's role, a role that
 * holds nothing but the right to switch to that key role. The transaction opens by switching to the role and
 * publishing the claims, transaction-local ({@code is_local = true}), as PostgREST does. It ends by resetting the
 * session (settings and role, then {@code fluxbase_gate.reset_session()}: cursors, LISTEN, advisory locks, SQL
 * prepared statements, temporary tables) inside the transaction, before COMMIT, so whatever a caller's function
 * changed for the session is undone before the connection serves anyone else, without an extra round trip.
 *
 * <p>The R2DBC reads' opening and every end are simple-query texts; the JDBC openings take the claims as a parameter,
 * so that their text, kept prepared, is the same for every caller of a role. The literals are safe to inline: the
 * role is one of three fixed names and the claims hold only our own key id and a UUID, never anything a caller sent.
 */
public final class CallerSettings {

    public static final Set<String> ROLES = Set.of("anon", "authenticated", "service_role");

    /**
     * After the caller's statement, before the server's own statements in the same transaction: back to the login's
     * role and settings (RESET ALL leaves the role alone, so it is reset on its own). It also undoes a tiny
     * {@code statement_timeout} a caller's function may have set, which would otherwise cancel what follows.
     */
    public static final String BACK_TO_LOGIN = "RESET ALL; RESET ROLE";

    /**
     * After a write's own statements: deferred constraints and constraint triggers are checked and fired now, under
     * the key's role and claims, so what those triggers change is captured with the rest and a violation is the
     * caller's refusal; then back to the login. Left to COMMIT, they would run as the bare login, after the write's
     * changes were taken for the log.
     */
    public static final String WRITE_STATEMENTS_DONE = "SET CONSTRAINTS ALL IMMEDIATE; " + BACK_TO_LOGIN;

    /** After a write: back to the login's own settings and no caller state on the session. */
    public static final String RESET_SESSION = BACK_TO_LOGIN + "; SELECT fluxbase_gate.reset_session()";

    /**
     * After a read: a read-only transaction cannot create temporary tables or sequences, nor advance a sequence, so
     * its reset leaves those out and costs less.
     */
    public static final String RESET_READ_SESSION = BACK_TO_LOGIN + "; SELECT fluxbase_gate.reset_read_session()";

    /** The end of a write whose work is kept. */
    public static final String CLOSE_WRITE = RESET_SESSION + "; COMMIT";

    /** The end of a write whose work is undone: the session is reset after the rollback. */
    public static final String ABANDON_WRITE = "ROLLBACK; " + RESET_SESSION;

    /** The end of a read that was answered. */
    public static final String CLOSE_READ = RESET_READ_SESSION + "; COMMIT";

    /** The end of a read that failed or was given up. */
    public static final String ABANDON_READ = "ROLLBACK; " + RESET_READ_SESSION;

    private CallerSettings() {
    }

    /**
     * A read: read-only, so nothing a policy or function runs can change data or roles
     * ({@code ALTER ROLE} included), and a caller cannot switch the transaction back to read-write. Each statement
     * after the opening is cancelled after {@code timeout}: a filter can ask PostgreSQL for hours of work (a long
     * {@code like} pattern over long values), and a server that stops waiting does not stop the backend. The timeout
     * is set in the same SELECT as the role and claims, so it costs no statement of its own.
     */
    public static String openRead(Caller caller, Duration timeout) {
        return "BEGIN READ ONLY; " + switchTo(caller) + ", " + statementTimeout(timeout);
    }

    /**
     * The same read opening with the claims as parameter {@code $1} (bind {@link Caller#claimsJson()}): its text then
     * depends only on the role, so a connection that keeps its statements prepared reuses one for every caller.
     */
    public static String openReadWithClaimsBound(Caller caller, Duration timeout) {
        return "BEGIN READ ONLY; " + switchWithClaimsBound(caller) + ", " + statementTimeout(timeout);
    }

    /**
     * A write, cut off after {@code timeout} so a stuck statement holds its connection no longer than that; the claims
     * are parameter {@code $1} (bind {@link Caller#claimsJson()}), as in {@link #openReadWithClaimsBound}, and the
     * timeout is set in the same SELECT, as a read's is.
     */
    public static String openWriteWithClaimsBound(Caller caller, Duration timeout) {
        return "BEGIN; " + switchWithClaimsBound(caller) + ", " + statementTimeout(timeout);
    }

    private static String switchTo(Caller caller) {
        return "SELECT set_config('role', " + literal(role(caller))
                + ", true), set_config('request.jwt.claims', " + literal(caller.claimsJson()) + ", true)";
    }

    private static String switchWithClaimsBound(Caller caller) {
        return "SELECT set_config('role', " + literal(role(caller))
                + ", true), set_config('request.jwt.claims', $1, true)";
    }

    // transaction-local, as SET LOCAL is; PostgreSQL starts each following statement's clock with it
    private static String statementTimeout(Duration timeout) {
        if (timeout.toMillis() <= 0) {
            throw new IllegalArgumentException("a statement timeout must be positive, got " + timeout);
        }
        return "set_config('statement_timeout', '" + timeout.toMillis() + "', true)";
    }

    private static String role(Caller caller) {
        if (!ROLES.contains(caller.databaseRole())) {
            throw new IllegalArgumentException("unknown database role '" + caller.databaseRole() + "'");
        }
        return caller.databaseRole();
    }

    /** The login a caller's connection uses for a key role: the role's caller login, which holds only that role. */
    public static String loginFor(String databaseRole) {
        if (!ROLES.contains(databaseRole)) {
            throw new IllegalArgumentException("unknown database role '" + databaseRole + "'");
        }
        return "fluxbase_caller_" + databaseRole;
    }

    static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in a setting value");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
