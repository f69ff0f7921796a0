package io.fluxbase.mcp.config;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
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
 * back ({@link CallerIsolation#setBack}) and log in again. The connection made after that is checked too: SQL that
 * changes the login in a loop could change it again in between. A login still changed after {@link #ATTEMPTS}
 * log-ins is refused, with an error that names it, rather than handed to a caller. Connections already open are not
 * touched by either change.
 */
final class CallerLoginCheck {

    static final String INVALID_PASSWORD = "28P01";
    /** PostgreSQL's invalid_authorization_specification, for a login that keeps its defaults: not a caller's fault. */
    static final String LOGIN_CHANGED = "28000";
    /** Log-ins per new connection, each but the first after setting the login back. */
    static final int ATTEMPTS = 3;

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

    /** JDBC connections of caller login {@code login}, checked as they are made. */
    static DataSource jdbc(String login, DataSource connections, Runnable setBack) {
        return new DelegatingDataSource(connections) {
            @Override
            public java.sql.Connection getConnection() throws SQLException {
                for (int attempt = 1; ; attempt++) {
                    java.sql.Connection connection = null;
                    try {
                        connection = super.getConnection();
                    } catch (SQLException refused) {
                        if (!INVALID_PASSWORD.equals(refused.getSQLState())) {
                            throw refused;
                        }
                        if (attempt == ATTEMPTS) {
                            throw new SQLException(changedAgain(login), INVALID_PASSWORD, refused);
                        }
                    }
                    if (connection != null && passes(connection)) {
                        return connection;
                    }
                    if (attempt == ATTEMPTS) {
                        throw new SQLException(changedAgain(login), LOGIN_CHANGED);
                    }
                    setBack.run();
                }
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

    /** R2DBC connections of caller login {@code login}, checked as they are made; setting back runs off the loop. */
    static ConnectionFactory r2dbc(String login, ConnectionFactory connections, Runnable setBack) {
        Mono<Void> setLoginBack = Mono.fromRunnable(setBack).subscribeOn(Schedulers.boundedElastic()).then();
        return new ConnectionFactory() {
            @Override
            public Mono<Connection> create() {
                return attempt(1);
            }

            private Mono<Connection> attempt(int attempt) {
                Mono<Connection> again = attempt == ATTEMPTS
                        ? Mono.error(new R2dbcNonTransientResourceException(changedAgain(login), LOGIN_CHANGED))
                        : setLoginBack.then(Mono.defer(() -> attempt(attempt + 1)));
                return Mono.from(connections.create())
                        .onErrorResume(CallerLoginCheck::passwordRefused, refused -> attempt < ATTEMPTS ? Mono.empty()
                                : Mono.error(new R2dbcNonTransientResourceException(changedAgain(login),
                                        INVALID_PASSWORD, refused)))
                        .flatMap(connection -> checked(connection, again))
                        .switchIfEmpty(again);
            }

            private Mono<Connection> checked(Connection connection, Mono<Connection> again) {
                return Flux.from(connection.createStatement(SETTINGS_OF_THE_LOGIN).execute())
                        .flatMap(result -> result.map((row, meta) -> row.get(0, Long.class)))
                        .next()
                        // the check failing counts as defaults: they can make it fail
                        .onErrorReturn(-1L)
                        .flatMap(settings -> settings == 0 ? Mono.just(connection)
                                : Mono.from(connection.close()).onErrorComplete().then(again));
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return connections.getMetadata();
            }
        };
    }

    private static boolean passwordRefused(Throwable error) {
        return error instanceof R2dbcException refused && INVALID_PASSWORD.equals(refused.getSqlState());
    }

    private static String changedAgain(String login) {
        return "the caller login " + login + " still had a password or defaults this server did not give it (or could"
                + " not be checked) after it was set back " + (ATTEMPTS - 1) + " times: SQL run in a call may keep"
                + " changing it; no connection of it is handed out until it stays as set";
    }
}
