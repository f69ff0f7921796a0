package io.fluxbase.mcp.server;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fluxbase.mcp.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** JDBC logins over TCP to the host and port a URL names, with whatever password a test wants to try. */
final class DatabaseLogins {

    private DatabaseLogins() {
    }

    static Connection login(DatabaseUrl url, @Nullable String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", url.user());
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    static Connection login(DatabaseUrl url) throws SQLException {
        return login(url, url.password());
    }

    /** The error a login with this password fails with; the test fails if the login succeeds. */
    static SQLException refusal(DatabaseUrl url, @Nullable String password) {
        SQLException refused = catchThrowableOfType(SQLException.class, () -> login(url, password).close());
        if (refused == null) {
            throw new AssertionError("a login to " + url.jdbcUrl() + " with password " + password + " succeeded");
        }
        return refused;
    }

    /** The authentication methods pg_hba.conf's rules use, as PostgreSQL read them. */
    static List<String> authenticationMethods(DatabaseUrl url) throws SQLException {
        List<String> methods = new ArrayList<>();
        try (Connection connection = login(url);
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT DISTINCT auth_method FROM pg_hba_file_rules ORDER BY 1")) {
            while (rows.next()) {
                methods.add(rows.getString(1));
            }
        }
        return methods;
    }
}
