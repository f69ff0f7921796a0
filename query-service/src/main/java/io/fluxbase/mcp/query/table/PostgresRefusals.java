package io.fluxbase.mcp.query.table;

import io.fluxbase.mcp.callerdb.RefusedValues;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.table.TableRef;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** PostgreSQL errors a caller can act on, turned into refusals that name what to change. */
final class PostgresRefusals {

    private PostgresRefusals() {
    }

    /**
     * Whether PostgreSQL refused a value of the read's rows or filter (see {@link RefusedValues}), which casting the
     * filter's values again tells apart; a refused limit or offset is told by {@link #translate} at once.
     */
    static boolean refusesAValue(SQLException error) {
        return RefusedValues.refusesAValue(error) && !"2201W".equals(error.getSQLState())
                && !"2201X".equals(error.getSQLState());
    }

    /**
     * @param valuesBound whether the read bound any filter value: without one, no value of the caller's reached
     *                    PostgreSQL, so a type it found wrong is not the caller's to fix
     */
    static Throwable translate(SQLException error, Duration timeout, boolean valuesBound) {
        String state = error.getSQLState();
        if (state == null) {
            return error;
        }
        String detail = told(error);
        return switch (state) {
            case "42501" -> new DataAccessRefusal(ErrorCode.PERMISSION_DENIED, "table",
                    "the key's database role may not do this: " + detail);
            case "42883" -> new DataAccessRefusal(ErrorCode.INVALID_OPERATOR, "filter",
                    "the operator does not apply to this column's type: " + detail);
            case "2201W", "2201X" -> new DataAccessRefusal(ErrorCode.INVALID_VALUE, "limit", detail);
            case "57014" -> new DataAccessRefusal(ErrorCode.TIMEOUT, "filter", "filter: the read took longer than"
                    + " the " + timeout.toSeconds() + " s mcp.read_timeout allows and was cancelled; narrow the filter"
                    + " (an equality on an indexed column is quickest) or ask for fewer rows (limit)");
            case "42804" -> valuesBound ? new DataAccessRefusal(ErrorCode.INVALID_VALUE, "filter", "filter:"
                    + " PostgreSQL refused a value: " + detail + "; change it to one the column's type accepts (see"
                    + " schema://tables)") : error;
            default -> error;
        };
    }

    /** A value PostgreSQL refused that none of the filter's is: the table's own, which no argument of a read mends. */
    static DataAccessRefusal ofTheTablesOwn(SQLException error, TableRef table) {
        return new DataAccessRefusal(ErrorCode.DATABASE_ERROR, "table", "table: PostgreSQL could not read "
                + table.displayName() + ": " + told(error) + "; the value is the table's own (a row's, or one a view"
                + " computes), not the filter's, so the project's owner must mend the data or the view");
    }

    /** The server's own message and detail, without the driver's severity prefix and position lines. */
    private static String told(SQLException error) {
        ServerErrorMessage server = error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        return server != null && server.getMessage() != null ? server.getMessage() + RefusedValues.detail(server)
                : error.getMessage();
    }
}
