package io.fluxbase.mcp.support;

import io.fluxbase.mcp.config.DatabaseUrl;
import io.fluxbase.mcp.server.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.util.FileSystemUtils;

/**
 * A throwaway PostgreSQL cluster of its own with a database for a server whose login is not a superuser, as a managed
 * PostgreSQL gives: the login may create roles ({@code CREATEROLE}) and owns its database, nothing more; the one role
 * it cannot create, {@code service_role} (it bypasses row-level security), the superuser made beforehand. The embedded
 * database of {@link TestServer#start()} logs the server in as the superuser, which bypasses row-level security and
 * may create event triggers; this is how tests see the server as most deployments run it. A cluster of its own,
 * because the server's roles ({@code fluxbase_schema_owner}, the caller logins) are the cluster's, not a database's.
 */
public final class NonSuperuserCluster implements AutoCloseable {

    /** The server's login: able to create roles, owner of its database, not a superuser. */
    public static final String SERVER_LOGIN = "fluxbase_server";
    public static final String DATABASE = "fluxbase";

    private final EmbeddedDatabase cluster;
    private final Path directory;
    private final DatabaseUrl server;

    private NonSuperuserCluster(EmbeddedDatabase cluster, Path directory, DatabaseUrl server) {
        this.cluster = cluster;
        this.directory = directory;
        this.server = server;
    }

    public static NonSuperuserCluster start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("fluxbase-nonsuperuser");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedDatabase cluster = EmbeddedDatabase.start(directory, true);
        try {
            String password = UUID.randomUUID().toString().replace("-", "");
            DatabaseUrl superuser = cluster.url();
            try (Connection connection = DriverManager.getConnection(superuser.jdbcUrl(), superuser.user(),
                    superuser.password()); Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + SERVER_LOGIN + " LOGIN CREATEROLE NOSUPERUSER NOCREATEDB"
                        + " NOREPLICATION NOBYPASSRLS PASSWORD '" + password + "'");
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + SERVER_LOGIN);
                // only a superuser may create a role that bypasses row-level security, as service_role does: the
                // operator creates it before the first start (V2 then leaves it as it is)
                statement.execute("CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS");
                statement.execute("GRANT service_role TO " + SERVER_LOGIN + " WITH ADMIN OPTION");
            }
            return new NonSuperuserCluster(cluster, directory, new DatabaseUrl(superuser.host(), superuser.port(),
                    DATABASE, SERVER_LOGIN, password));
        } catch (SQLException | RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("could not prepare a database for a server login that is not a"
                    + " superuser", e);
        }
    }

    /** The server's database, with its login that is not a superuser: what {@code database.url} is set to. */
    public DatabaseUrl serverUrl() {
        return server;
    }

    /** The server's database as the cluster's superuser, for tests that look where the server's login may not. */
    public Connection asSuperuser() {
        DatabaseUrl superuser = cluster.url();
        try {
            return DriverManager.getConnection(server.jdbcUrl(), superuser.user(), superuser.password());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            try {
                FileSystemUtils.deleteRecursively(directory);
            } catch (IOException ignored) {
                // a temp dir left behind is harmless
            }
        }
    }
}
