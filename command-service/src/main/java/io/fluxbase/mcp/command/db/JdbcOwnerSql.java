package io.fluxbase.mcp.command.db;

import io.fluxbase.mcp.kernel.admin.AppliedSqlGuard;
import io.fluxbase.mcp.kernel.admin.AppliedSqlRefused;
import io.fluxbase.mcp.kernel.admin.OwnerSql;
import io.fluxbase.mcp.kernel.admin.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code fluxbase db apply}: the user's script, statement by statement, in one transaction as the schema owner login,
 * which cannot reach the server's schemas or change roles; SQL that names them is refused before anything runs. The
 * tables it created get their change-capture triggers once it has committed (at once, through the event trigger,
 * where the server's login may install one).
 */
@Component
class JdbcOwnerSql implements OwnerSql {

    private static final Logger log = LoggerFactory.getLogger(JdbcOwnerSql.class);

    private final JdbcTemplate jdbc;
    private final CaptureTriggers triggers;
    private final SchemaOwnerLogin owner;

    JdbcOwnerSql(JdbcTemplate jdbc, CaptureTriggers triggers, SchemaOwnerLogin owner) {
        this.jdbc = jdbc;
        this.triggers = triggers;
        this.owner = owner;
    }

    @Override
    public int apply(String script) {
        List<SqlScript.Statement> statements = SqlScript.split(script);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("the script holds no SQL statement");
        }
        String serverLogin = jdbc.queryForObject("SELECT session_user", String.class);
        AppliedSqlGuard.refusal(statements, serverLogin).ifPresent(refusal -> {
            throw new AppliedSqlRefused(refusal);
        });
        try (Connection connection = owner.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (int i = 0; i < statements.size(); i++) {
                    run(connection, statement, statements.get(i), i + 1);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("db apply could not reach the database as " + owner.login() + ": "
                    + e.getMessage(), e);
        } finally {
            restoreLogin();
        }
        triggers.captureAll();
        return statements.size();
    }

    private static void run(Connection connection, Statement statement, SqlScript.Statement sql, int number)
            throws SQLException {
        try {
            statement.execute(sql.sql());
        } catch (SQLException e) {
            connection.rollback();
            throw new IllegalArgumentException("statement " + number + " (line " + sql.line()
                    + ") failed, nothing was applied: " + e.getMessage());
        }
    }

    /** A script may change its own login's password and defaults (PostgreSQL lets any role): undo that. */
    private void restoreLogin() {
        try {
            LoginReset.setBack(jdbc, owner.login(), owner.passwordVerifier());
        } catch (DataAccessException e) {
            // the script's outcome stands; the next start sets the login again
            log.warn("could not set the schema owner login again after db apply: {}", e.getMessage());
        }
    }
}
