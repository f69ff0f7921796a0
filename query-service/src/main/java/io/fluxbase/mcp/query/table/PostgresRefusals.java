package io.fluxbase.mcp.query.table;

import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** PostgreSQL errors a caller can act on, turned into refusals that name what to change. */
final class PostgresRefusals {

    private PostgresRefusals() {
    }

    /**
     * @param valuesBound whether the read bound any filter value: without one, no value of the caller's reached
     *                    PostgreSQL, so a value it refused (say, in a view's own expression) is not the caller's to fix
     */
    static Throwable translate(SQLException error, Duration timeout, boolean valuesBound) {
        String state = error.getSQLState();
        if (state == null) {
            return error;
        }
        // the server's own message, without the driver's severity prefix and position lines
        ServerErrorMessage server = error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String detail = server != null && server.getMessage() != null ? server.getMessage()
                + (server.getDetail() == null ? "" : " (" + server.getDetail() + ")") : error.getMessage();
        return switch (state) {
            case "42501" -> new DataAccessRefusal(ErrorCode.PERMISSION_DENIED, "table",
                    "the key's database role may not do this: " + detail);
            case "42883" -> new DataAccessRefusal(ErrorCode.INVALID_OPERATOR, "filter",
                    "the operator does not apply to this column's type: " + detail);
            case "2201W", "2201X" -> new DataAccessRefusal(ErrorCode.INVALID_VALUE, "limit", detail);
            case "57014" -> new DataAccessRefusal(ErrorCode.TIMEOUT, "filter", "filter: the read took longer than"
                    + " the " + timeout.toSeconds() + " s mcp.read_timeout allows and was cancelled; narrow the filter"
                    + " (an equality on an indexed column is quickest) or ask for fewer rows (limit)");
            // every data exception (class 22), and a domain's CHECK, refuses a value; a read's values are its filter's
            case "42804", "23514" -> valuesBound ? invalidFilterValue(detail) : error;
            default -> state.startsWith("22") && valuesBound ? invalidFilterValue(detail) : error;
        };
    }

    private static DataAccessRefusal invalidFilterValue(String detail) {
        return new DataAccessRefusal(ErrorCode.INVALID_VALUE, "filter", "filter: PostgreSQL refused a value: "
                + detail + "; change it to one the column's type accepts (see schema://tables)");
    }
}
