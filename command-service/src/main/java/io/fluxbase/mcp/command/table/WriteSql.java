package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.callerdb.JdbcStatements;
import io.fluxbase.mcp.kernel.data.DataAccessRefusal;
import io.fluxbase.mcp.kernel.data.DeleteRecordsCommand;
import io.fluxbase.mcp.kernel.data.InsertRecordsCommand;
import io.fluxbase.mcp.kernel.data.InvokeRpcCommand;
import io.fluxbase.mcp.kernel.data.UpdateRecordsCommand;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import io.fluxbase.mcp.kernel.data.WriteResult;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.error.InvalidArgument;
import io.fluxbase.mcp.kernel.filter.FilterSyntaxError;
import io.fluxbase.mcp.kernel.rpc.FunctionCalls;
import io.fluxbase.mcp.kernel.sql.AnswerCap;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.UnknownColumnException;
import io.fluxbase.mcp.kernel.sql.WriteStatements;
import java.util.ArrayList;
import java.util.List;

/**
 * A write command's one statement, built by the kernel (every value a parameter), and what it returned as the
 * write's result. Arguments the kernel cannot use become refusals naming the argument.
 */
final class WriteSql {

    private WriteSql() {
    }

    /**
     * @param answerCap the most bytes of rows the statement may send back (the answer's cap): rows past it are not
     *                  sent, only marked, so a function returning millions of rows cannot fill the server's memory
     * @throws DataAccessRefusal naming the argument at fault, before anything reaches the database
     */
    static BoundSql of(WriteCommand command, long answerCap) {
        BoundSql statement = statement(command);
        if (!returnsRows(command)) {
            return statement;
        }
        return AnswerCap.capped(statement, answerCap);
    }

    private static boolean returnsRows(WriteCommand command) {
        return switch (command) {
            case InsertRecordsCommand insert -> !insert.returning().isEmpty();
            case UpdateRecordsCommand update -> !update.returning().isEmpty();
            case DeleteRecordsCommand delete -> !delete.returning().isEmpty();
            case InvokeRpcCommand rpc -> true;
        };
    }

    private static BoundSql statement(WriteCommand command) {
        try {
            return switch (command) {
                case InsertRecordsCommand insert -> WriteStatements.insert(insert.table(), insert.rows(),
                        insert.returning());
                case UpdateRecordsCommand update -> WriteStatements.update(update.table(), update.data(),
                        update.filter(), update.returning());
                case DeleteRecordsCommand delete -> WriteStatements.delete(delete.table(), delete.filter(),
                        delete.returning());
                case InvokeRpcCommand rpc -> FunctionCalls.call(rpc.function(), rpc.params());
            };
        } catch (UnknownColumnException e) {
            throw new DataAccessRefusal(ErrorCode.UNKNOWN_COLUMN, e.argument(), e.getMessage());
        } catch (FilterSyntaxError e) {
            throw new DataAccessRefusal(ErrorCode.INVALID_ARGUMENT, e.argument(), e.getMessage());
        } catch (InvalidArgument e) {
            throw new DataAccessRefusal(ErrorCode.INVALID_ARGUMENT, e.argument(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new DataAccessRefusal(ErrorCode.INVALID_ARGUMENT, "arguments", e.getMessage());
        }
    }

    /**
     * Rows asked for come back as text; without 'returning' a table write answers with its count alone.
     *
     * @throws DataAccessRefusal when the rows went past the answer's cap (see {@link #of}): the caller rolls back
     */
    static WriteResult result(WriteCommand command, JdbcStatements.Outcome statement, long answerCap) {
        List<String> rows = new ArrayList<>(statement.rows().size());
        for (String[] row : statement.rows()) {
            if (AnswerCap.beyondCap(row)) {
                throw tooLarge(command, answerCap);
            }
            rows.add(row[0] == null ? "null" : row[0]);
        }
        long count = statement.hasRows() ? rows.size() : statement.updateCount();
        return new WriteResult(count, command instanceof InvokeRpcCommand || statement.hasRows() ? rows : List.of());
    }

    private static DataAccessRefusal tooLarge(WriteCommand command, long answerCap) {
        String limit = "larger than " + answerCap + " bytes, the most one answer holds (mcp.max_result_bytes)";
        if (command instanceof InvokeRpcCommand rpc) {
            return new DataAccessRefusal(ErrorCode.ANSWER_TOO_LARGE, "name", "name: what "
                    + rpc.function().schema() + "." + rpc.function().name() + " returned is " + limit
                    + "; nothing it did was kept. Have it return fewer or smaller rows (take a limit argument, say)");
        }
        return new DataAccessRefusal(ErrorCode.ANSWER_TOO_LARGE, "returning", "returning: the rows asked for are "
                + limit + "; nothing was changed. Ask for fewer columns, or change fewer rows in one call");
    }
}
