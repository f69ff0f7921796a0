package io.fluxbase.mcp.command.db;

import io.fluxbase.mcp.kernel.admin.OwnerSql;
import io.fluxbase.mcp.kernel.admin.SqlScript;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code fluxbase db apply}: the user's script, statement by statement, in one transaction as the owner; the tables it
 * created get their change-capture triggers in the same transaction.
 */
@Component
class JdbcOwnerSql implements OwnerSql {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CaptureTriggers triggers;

    JdbcOwnerSql(JdbcTemplate jdbc, TransactionTemplate transaction, CaptureTriggers triggers) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.triggers = triggers;
    }

    @Override
    public int apply(String script) {
        List<SqlScript.Statement> statements = SqlScript.split(script);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("the script holds no SQL statement");
        }
        transaction.executeWithoutResult(status -> {
            for (int i = 0; i < statements.size(); i++) {
                SqlScript.Statement statement = statements.get(i);
                try {
                    jdbc.execute(statement.sql());
                } catch (DataAccessException e) {
                    String reason = e.getMostSpecificCause().getMessage();
                    throw new IllegalArgumentException("statement " + (i + 1) + " (line " + statement.line()
                            + ") failed, nothing was applied: " + reason);
                }
            }
            triggers.captureAll();
        });
        return statements.size();
    }
}
