package io.fluxbase.mcp.callerdb;

import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.ValueCast;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Which of a statement's values PostgreSQL refused, for a {@code data}, {@code filter} or {@code params} value alike.
 * PostgreSQL does not say which parameter it could not read, so each value the statement casts is cast again on its
 * own, and the first one refused is the one to name. Run on the caller's connection in a transaction of the caller's
 * role and claims that is rolled back after (casting runs the type's own code: a domain's check may call the project's
 * functions). A cast that fails otherwise is rolled back to its savepoint, and the next value is cast.
 */
public final class RefusedValues {

    private RefusedValues() {
    }

    /** A data exception (class 22), or the CHECK of a domain: PostgreSQL refused a value for its type. */
    public static boolean refusesAValue(SQLException error) {
        return error instanceof PSQLException psql && psql.getServerErrorMessage() != null && error.getSQLState() != null
                && (error.getSQLState().startsWith("22")
                        || error.getSQLState().equals("23514") && psql.getServerErrorMessage().getDatatype() != null);
    }

    /**
     * The refusal of the first value PostgreSQL refuses on its own, naming its argument; empty when none is: the
     * refused value was not one of the statement's (a trigger's, or a view's own).
     */
    public static Optional<DataAccessRefusal> firstOf(Connection connection, BoundSql sql) throws SQLException {
        for (ValueCast cast : sql.casts()) {
            JdbcStatements.run(connection, "SAVEPOINT value_cast");
            try (PreparedStatement statement = connection.prepareStatement("SELECT CAST(? AS " + cast.castType()
                    + ")")) {
                Object value = sql.parameters().get(cast.parameter());
                if (value instanceof String[] items) {
                    statement.setArray(1, connection.createArrayOf("text", items));
                } else {
                    statement.setString(1, (String) value);
                }
                statement.execute();
            } catch (PSQLException e) {
                if (refusesAValue(e)) {
                    ServerErrorMessage server = e.getServerErrorMessage();
                    return Optional.of(new DataAccessRefusal(ErrorCode.INVALID_VALUE, cast.argument(),
                            cast.argument() + ": " + server.getMessage() + detail(server)
                                    + "; send a value the column's type accepts (see schema://tables)"));
                }
                JdbcStatements.run(connection, "ROLLBACK TO SAVEPOINT value_cast"); // on to the next value
            }
        }
        return Optional.empty();
    }

    /** PostgreSQL's detail of a refusal, as " (...)" after its message; empty when it gives none. */
    public static String detail(ServerErrorMessage server) {
        return server.getDetail() == null ? "" : " (" + server.getDetail() + ")";
    }
}
