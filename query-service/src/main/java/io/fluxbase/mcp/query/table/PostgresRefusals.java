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

    static Throwable translate(SQLException error, Duration timeout) {
        if (error.getSQLState() == null) {
            return error;
        }
        // the server's own message, without the driver's severity prefix and position lines
        ServerErrorMessage server = error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String detail = server != null && server.getMessage() != null ? server.getMessage() : error.getMessage();
        return switch (error.getSQLState()) {
            case "42501" -> new DataAccessRefusal(ErrorCode.PERMISSION_DENIED, "table",
                    "the key's database role may not do this: " + detail);
            case "22P02", "22007", "22008", "22003", "22023", "42804" -> new DataAccessRefusal(ErrorCode.INVALID_VALUE,
                    "filter", "a value does not fit its column's type: " + detail
                            + "; send values in the column's type (see schema://tables)");
            case "42883" -> new DataAccessRefusal(ErrorCode.INVALID_OPERATOR, "filter",
                    "the operator does not apply to this column's type: " + detail);
            case "2201W", "2201X" -> new DataAccessRefusal(ErrorCode.INVALID_VALUE, "limit", detail);
            case "57014" -> new DataAccessRefusal(ErrorCode.TIMEOUT, "filter", "filter: the read took longer than"
                    + " the " + timeout.toSeconds() + " s mcp.read_timeout allows and was cancelled; narrow the filter"
                    + " (an equality on an indexed column is quickest) or ask for fewer rows (limit)");
            default -> error;
        };
    }
}
