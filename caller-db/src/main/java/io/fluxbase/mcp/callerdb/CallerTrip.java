package io.fluxbase.mcp.callerdb;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A caller's transaction opened and carried on in one round trip. The opening binds the caller's claims as a
 * parameter rather than in its text, so its text stays the same for every caller of a role and stays prepared; the
 * statements after it bring their own parameters, in order.
 */
public final class CallerTrip {

    private final StringBuilder text;
    private final List<Object> parameters = new ArrayList<>();
    private final String abandon;

    private CallerTrip(String opening, Caller caller, String abandon) {
        this.text = new StringBuilder(JdbcStatements.jdbcText(opening));
        this.abandon = abandon;
        parameters.add(caller.claimsJson());
    }

    /** BEGIN READ ONLY, the switch to the caller's role and claims, and the read's statement timeout. */
    public static CallerTrip read(Caller caller, Duration timeout) {
        return new CallerTrip(CallerSettings.openReadWithClaimsBound(caller, timeout), caller,
                CallerSettings.ABANDON_READ);
    }

    /** BEGIN, the switch to the caller's role and claims, and the write's statement timeout. */
    public static CallerTrip write(Caller caller, Duration timeout) {
        return new CallerTrip(CallerSettings.openWriteWithClaimsBound(caller, timeout), caller,
                CallerSettings.ABANDON_WRITE);
    }

    /** A kernel-built statement ({@code $n} placeholders) and its parameters. */
    public CallerTrip then(BoundSql sql) {
        return then(JdbcStatements.jdbcText(sql.text()), sql.parameters());
    }

    /** Statements already in JDBC form ({@code ?} placeholders) and their parameters. */
    public CallerTrip then(String jdbcStatements, List<?> statementParameters) {
        text.append("; ").append(jdbcStatements);
        parameters.addAll(statementParameters);
        return this;
    }

    /** Statements of our own that take no parameters (a session reset, COMMIT). */
    public CallerTrip then(String jdbcStatements) {
        return then(jdbcStatements, List.of());
    }

    /** Sends the trip; what each statement returned, the opening's own answers first. */
    public List<JdbcStatements.Outcome> execute(Connection connection) throws SQLException {
        return JdbcStatements.execute(connection, text.toString(), parameters);
    }

    /**
     * Sends the trip, has {@code look} find what it is after in the caller's transaction, and rolls the transaction
     * back, with the session's reset, whatever the look found or threw: a look may run the project's own code (a
     * domain's check casting a value), which must neither write nor leave a setting on the connection. Should the
     * rollback fail, its error is thrown and the connection must not be lent again.
     */
    public <T> T lookAndRollBack(Connection connection, Look<T> look) throws SQLException {
        execute(connection);
        try {
            return look.in(connection);
        } finally {
            JdbcStatements.run(connection, abandon);
        }
    }

    /** What a look does on the caller's connection, inside the caller's transaction. */
    @FunctionalInterface
    public interface Look<T> {
        T in(Connection connection) throws SQLException;
    }
}
