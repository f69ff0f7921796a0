package io.fluxbase.mcp.command.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

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

    @Override
    public String toString() {
        return "SchemaOwnerLogin[" + login + "]";
    }
}
