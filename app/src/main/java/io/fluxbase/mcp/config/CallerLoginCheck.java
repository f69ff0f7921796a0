package io.fluxbase.mcp.config;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What every new connection of a caller login passes. A function that does {@code RESET ROLE} runs as the login, and
 * PostgreSQL lets a role change its own password and defaults; the pools would then be refused at their next log-in,
 * or hand every later caller a session with those defaults, until the server restarted. So a refused password, or a
 * default the server did not set (or a check that fails, as defaults can make it), has the server set the login
 * back ({@link CallerIsolation#setBack}) and log in once more. Connections already open are not touched by either
 * change.
 */
final class CallerLoginCheck {

    static final String INVALID_PASSWORD = "28P01";

    /**
     * Defaults of the session's login, for every database or this one; the server sets none. Every name is
     * qualified, as the login's own defaults (a {@code search_path}) are in force when it runs.
     */
    static final String SETTINGS_OF_THE_LOGIN = "SELECT pg_catalog.count(*) FROM pg_catalog.pg_db_role_setting s"
            + " WHERE s.setrole OPERATOR(pg_catalog.=) pg_catalog.to_regrole(session_user)"
            + " AND (s.setdatabase OPERATOR(pg_catalog.=) 0 OR s.setdatabase OPERATOR(pg_catalog.=)"
            + " (SELECT d.oid FROM pg_catalog.pg_database d"
            + " WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()))";

    private CallerLoginCheck() {
    }

    /** JDBC connections of a caller login, checked as they are made. */
    static DataSource jdbc(DataSource login, Runnable setBack) {
        return new DelegatingDataSource(login) {
            @Override
            public java.sql.Connection getConnection() throws SQLException {
                java.sql.Connection connection;
                try {
                    connection = super.getConnection();
                } catch (SQLException refused) {
                    if (!INVALID_PASSWORD.equals(refused.getSQLState())) {
                        throw refused;
                    }
                    setBack.run();
                    return super.getConnection();
                }
                if (passes(connection)) {
                    return connection;
                }
                setBack.run();
                return super.getConnection();
            }
        };
    }

    /** False, the connection closed, when the login has defaults or the check itself fails (defaults can make it). */
    private static boolean passes(java.sql.Connection connection) {
        try (Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery(SETTINGS_OF_THE_LOGIN)) {
            if (count.next() && count.getLong(1) == 0) {
                return true;
            }
        } catch (SQLException | RuntimeException checkFailed) {
            // a statement_timeout or idle_session_timeout of a millisecond, say
        }
        try {
            connection.close();
        } catch (SQLException alreadyGone) {
            // the session the check failed on may have ended already
        }
        return false;
    }

    /** R2DBC connections of a caller login, checked as they are made; the setting back runs off the event loop. */
    static ConnectionFactory r2dbc(ConnectionFactory login, Runnable setBack) {
        Mono<Void> setLoginBack = Mono.fromRunnable(setBack).subscribeOn(Schedulers.boundedElastic()).then();
        return new ConnectionFactory() {
            @Override
            public Mono<Connection> create() {
                return Mono.<Connection>from(login.create())
                        .onErrorResume(CallerLoginCheck::passwordRefused,
                                refused -> setLoginBack.then(Mono.from(login.create())))
                        .flatMap(connection -> Flux.from(connection.createStatement(SETTINGS_OF_THE_LOGIN).execute())
                                .flatMap(result -> result.map((row, meta) -> row.get(0, Long.class)))
                                .next()
                                // the check failing counts as defaults: they can make it fail
                                .onErrorReturn(-1L)
                                .flatMap(settings -> settings == 0 ? Mono.just(connection)
                                        : Mono.from(connection.close()).onErrorComplete().then(setLoginBack)
                                                .then(Mono.from(login.create()))));
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return login.getMetadata();
            }
        };
    }

    private static boolean passwordRefused(Throwable error) {
        return error instanceof R2dbcException refused && INVALID_PASSWORD.equals(refused.getSqlState());
    }
}
