package io.fluxbase.mcp.command.db;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sets one of the server's fixed logins (the caller logins, the schema owner) back to what the server gave it. SQL
 * running as a login can change its own password and defaults, for every database or this one, and PostgreSQL lets
 * any role do so; this undoes all three. Run as the server's own login.
 */
public final class LoginReset {

    private LoginReset() {
    }

    /** {@code login} is one of the server's fixed names and {@code verifier} a SCRAM verifier (base64, '$', ':'). */
    public static void setBack(JdbcTemplate jdbc, String login, String verifier) {
        jdbc.execute("ALTER ROLE \"" + login + "\" WITH LOGIN PASSWORD '" + verifier + "'");
        jdbc.execute("ALTER ROLE \"" + login + "\" RESET ALL");
        String database = jdbc.queryForObject("SELECT quote_ident(current_database())", String.class);
        jdbc.execute("ALTER ROLE \"" + login + "\" IN DATABASE " + database + " RESET ALL");
    }
}
