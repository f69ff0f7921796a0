package io.fluxbase.mcp.command.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Function;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The login {@code db apply} runs as (V35__schema_owner_login.sql): it owns the user's schema and holds no privilege
 * on the server's. {@code passwordVerifier} is the SCRAM verifier the server sets again after each script, so a
 * script that changed its own login's password or defaults does not make that stick.
 */
public record SchemaOwnerLogin(String jdbcUrl, String login, String password, String passwordVerifier) {

    public static final String ROLE = "fluxbase_schema_owner";

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, login, password);
    }

    /**
     * Runs {@code read} on a connection of this login's own, opened for it and closed after. Reading the project's
     * tables can run the project's code (a type's cast, a domain's check, a view's functions): here it has the
     * owner's rights whatever role or settings it changes, as it would in db apply, and leaves nothing behind on the
     * server's connections, which reach the command log.
     */
    public <T> T read(Function<JdbcTemplate, T> read) {
        Connection connection;
        try {
            connection = connect();
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot log in as " + login + ": " + e.getMessage(), e);
        }
        SingleConnectionDataSource source = new SingleConnectionDataSource(connection, true);
        try {
            JdbcTemplate rows = new JdbcTemplate(source);
            // as on the server's own connections, a table with forced row-level security is refused rather than
            // read in part (ForcedRowSecurity)
            rows.execute("SET row_security = off");
            return read.apply(rows);
        } finally {
            source.destroy(); // closes the connection
        }
    }

    @Override
    public String toString() {
        return "SchemaOwnerLogin[" + login + "]";
    }
}
