package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.callerdb.RefusedValues;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.DeleteRecordsCommand;
import io.fluxbase.mcp.kernel.data.InsertRecordsCommand;
import io.fluxbase.mcp.kernel.data.InvokeRpcCommand;
import io.fluxbase.mcp.kernel.data.TableWriteCommand;
import io.fluxbase.mcp.kernel.data.UpdateRecordsCommand;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL's refusals of a write, as messages a model can act on: which table, constraint, policy or argument is
 * at fault and what to change. Anything not caused by the call itself (a lost connection, say) is not a refusal:
 * it stays an exception and fails the whole batch, so nothing of it commits.
 */
final class WriteRefusals {

    /** The executor routine that raises a row-level security WITH CHECK failure. */
    private static final String ROW_SECURITY_CHECK = "ExecWithCheckOptions";

    private WriteRefusals() {
    }

    static Optional<DataAccessRefusal> translate(SQLException error, WriteCommand command) {
        if (!(error instanceof PSQLException psql) || psql.getServerErrorMessage() == null
                || error.getSQLState() == null) {
            return Optional.empty();
        }
        ServerErrorMessage server = psql.getServerErrorMessage();
        String table = target(command);
        String message = server.getMessage();
        String detail = RefusedValues.detail(server);
        String constraint = server.getConstraint();
        DataAccessRefusal refusal = switch (error.getSQLState()) {
            case "23505" -> new DataAccessRefusal(ErrorCode.UNIQUE_VIOLATION, "data", table + ": a row with the same value"
                    + " already exists, unique constraint '" + constraint + "'" + detail + ". Use another value, or"
                    + " update_record to change the existing row.");
            case "23503" -> new DataAccessRefusal(ErrorCode.FOREIGN_KEY_VIOLATION, "data", table + ": foreign key '"
                    + constraint + "' refused the change" + detail + ". Reference a row that exists, or change or"
                    + " remove the rows that reference this one first.");
            case "23502" -> new DataAccessRefusal(ErrorCode.NOT_NULL_VIOLATION, "data", table + ": column '"
                    + server.getColumn() + "' may not be null. Give it a value.");
            case "23514" -> new DataAccessRefusal(ErrorCode.CHECK_VIOLATION, "data", table + ": check constraint '"
                    + constraint + "' refused the row" + detail + ". Change the values so the constraint holds"
                    + " (see schema://tables/" + tableName(command) + ").");
            case "23P01" -> new DataAccessRefusal(ErrorCode.EXCLUSION_VIOLATION, "data", table + ": exclusion constraint '"
                    + constraint + "' refused the row" + detail + ".");
            // PostgreSQL gives both refusals one SQLSTATE; the routine that raised it tells them apart
            case "42501" -> ROW_SECURITY_CHECK.equals(server.getRoutine())
                    ? new DataAccessRefusal(ErrorCode.RLS_VIOLATION, "data", table + ": row-level security refused the"
                            + " row: " + message + ". This key's role may only write rows its policies allow (the"
                            + " WITH CHECK of INSERT and UPDATE policies); rows asked for in 'returning' must also"
                            + " pass its SELECT policies.")
                    : new DataAccessRefusal(ErrorCode.PERMISSION_DENIED, "table", "the key's database role may not do"
                            + " this: " + message);
            case "22P02", "22007", "22008", "22003", "22001", "22023", "22021", "2202E", "22004" ->
                    new DataAccessRefusal(ErrorCode.INVALID_VALUE, "data", "a value does not fit its column's"
                            + " type: " + message + "; send values in the column's type (see schema://tables)");
            case "42883" -> new DataAccessRefusal(ErrorCode.INVALID_OPERATOR, "filter", "the operator does not apply to"
                    + " this column's type: " + message);
            case "42P01", "42703" -> new DataAccessRefusal(ErrorCode.UNKNOWN_COLUMN, "data", message
                    + "; the table changed since it was read, read schema://tables/" + tableName(command)
                    + " and call again");
            case "40001", "40P01" -> new DataAccessRefusal(ErrorCode.CONFLICT, "data", "the write collided with a"
                    + " concurrent transaction (" + message + "); nothing was changed, call again");
            case "57014" -> new DataAccessRefusal(ErrorCode.TIMEOUT, "data", "the write took longer than mcp.write_timeout"
                    + " allows and was cancelled (" + message + "); nothing was changed. Narrow it, or ask the"
                    + " server's owner for a longer mcp.write_timeout");
            // a file a function's SQL stores, over its bucket's limits (storage's own check)
            case "FB413" -> new DataAccessRefusal(ErrorCode.FILE_TOO_LARGE, narrowedBy(command),
                    narrowedBy(command) + ": " + message);
            case "FB415" -> new DataAccessRefusal(ErrorCode.TYPE_NOT_ALLOWED, narrowedBy(command),
                    narrowedBy(command) + ": " + message);
            case "FBCTL" -> new DataAccessRefusal(ErrorCode.CHANGES_TOO_LARGE, narrowedBy(command),
                    narrowedBy(command) + ": " + message + " (the old and new values of every row it touches, as the"
                    + " command log records them); nothing was changed. Change fewer rows per call");
            // raised at COMMIT by the change capture (V57): the rows could not be recorded, so none were kept
            case "FBLAT" -> new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, named(command), named(command) + ": "
                    + message + ", at COMMIT, where no change can be recorded in the command log; nothing was"
                    + " changed. A deferred trigger of the project's may not run SET CONSTRAINTS ... DEFERRED");
            // raised before a TRUNCATE in a call (V60): it removes rows without their delete events
            case "FBTRU" -> new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, named(command), named(command) + ": "
                    + message + "; nothing was changed. Empty the table with DELETE instead: each row a call deletes"
                    + " is recorded in the command log");
            // raised by an event trigger (V61) where DDL in a call would drop or rewrite rows
            case "FBDDL" -> new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, named(command), named(command) + ": "
                    + message + "; nothing was changed. A call may change rows, not the tables and columns that hold"
                    + " them: change those with fluxbase db apply");
            // raised by the change capture (V63) before a row would be turned into JSON through a project's cast
            case "FBCST" -> new DataAccessRefusal(ErrorCode.NOT_RECORDABLE, named(command), named(command) + ": "
                    + message + "; nothing was changed");
            case "P0001" -> new DataAccessRefusal(ErrorCode.RAISED, "params", "the database refused the call: " + message
                    + (server.getHint() == null ? "" : " (hint: " + server.getHint() + ")"));
            default -> new DataAccessRefusal(ErrorCode.DATABASE_ERROR, "data", "PostgreSQL refused the write ("
                    + error.getSQLState() + "): " + message + detail);
        };
        return Optional.of(refusal);
    }

    // PostgreSQL does not say which policy refused a row, so the message lists the table's policies, read on the
    // caller's own connection after the refused write was rolled back. Their expressions are schema detail: only a
    // key that may read the schema sees them; others get the policies' names and commands.
    private static final String POLICIES = """
            SELECT string_agg(format('%s (%s%s)', quote_ident(polname),
                       CASE polcmd WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'r' THEN 'SELECT'
                                   WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                       CASE WHEN ? THEN coalesce(' USING ' || pg_get_expr(polqual, polrelid), '')
                                     || coalesce(' WITH CHECK ' || pg_get_expr(polwithcheck, polrelid), '')
                            ELSE '' END), '; ' ORDER BY polname)
            FROM pg_policy WHERE polrelid = to_regclass(?)""";

    /** An RLS refusal with the table's policies named; any other refusal as it is. */
    static DataAccessRefusal withPolicies(DataAccessRefusal refusal, Connection connection, WriteCommand command)
            throws SQLException {
        if (refusal.errorCode() != ErrorCode.RLS_VIOLATION) {
            return refusal;
        }
        if (!(command instanceof TableWriteCommand write)) {
            return refusal;
        }
        boolean expressions = command.caller().holds(Scope.READ_SCHEMA);
        try (PreparedStatement statement = connection.prepareStatement(POLICIES)) {
            statement.setBoolean(1, expressions);
            statement.setString(2, write.table().table().qualified());
            try (ResultSet rows = statement.executeQuery()) {
                String policies = rows.next() ? rows.getString(1) : null;
                return new DataAccessRefusal(refusal.errorCode(), refusal.argument(), refusal.getMessage()
                        + (policies == null ? " The table has no policy for this key's role to pass."
                                : " Its policies: " + policies + "."
                                + (expressions ? "" : " A key with read:schema sees what each policy checks.")));
            }
        }
    }

    /** A refused value with the argument that holds it named (see {@link RefusedValues}); else as it was. */
    static DataAccessRefusal namingTheValue(DataAccessRefusal refusal, SQLException error, Connection connection,
            BoundSql sql) throws SQLException {
        return RefusedValues.refusesAValue(error) ? RefusedValues.firstOf(connection, sql).orElse(refusal) : refusal;
    }

    /** Whether telling {@code refusal} in full reads the database: the policies, or which value was refused. */
    static boolean toldFromTheDatabase(DataAccessRefusal refusal, SQLException error) {
        return refusal.errorCode() == ErrorCode.RLS_VIOLATION || RefusedValues.refusesAValue(error);
    }

    private static String target(WriteCommand command) {
        return switch (command) {
            case TableWriteCommand write -> write.table().table().displayName();
            case InvokeRpcCommand rpc -> rpc.function().schema() + "." + rpc.function().name();
        };
    }

    /** The argument that names what the write runs on. */
    private static String named(WriteCommand command) {
        return command instanceof InvokeRpcCommand ? "name" : "table";
    }

    /** The argument that says how many rows a write touches. */
    private static String narrowedBy(WriteCommand command) {
        return switch (command) {
            case InsertRecordsCommand insert -> "data";
            case UpdateRecordsCommand update -> "filter";
            case DeleteRecordsCommand delete -> "filter";
            case InvokeRpcCommand rpc -> "name";
        };
    }

    private static String tableName(WriteCommand command) {
        return switch (command) {
            case TableWriteCommand write -> write.table().table().name();
            case InvokeRpcCommand rpc -> rpc.function().name();
        };
    }
}
