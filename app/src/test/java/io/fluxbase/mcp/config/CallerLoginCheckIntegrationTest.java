package io.fluxbase.mcp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.util.DriverDataSource;
import io.fluxbase.mcp.support.TestServer;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The check every new caller connection passes, on a login of its own: SQL run in a call can change its login's
 * password or defaults, and may do so again while the server sets them back. Whatever the check hands out has passed
 * it; a login that will not stay as set is refused, by name, and leaves no session behind.
 */
class CallerLoginCheckIntegrationTest {

    private static final String LOGIN = "login_check_probe";
    private static final String PASSWORD = "probe-password-1";
    /** A setting no driver sends when it logs in (one it sends, such as TimeZone, would hide the login's default). */
    private static final String CHANGE_DEFAULTS = "ALTER ROLE " + LOGIN + " SET work_mem = '7MB'";
    private static final String SET_BACK = "ALTER ROLE " + LOGIN + " RESET ALL; ALTER ROLE " + LOGIN
            + " PASSWORD '" + PASSWORD + "'";

    private static TestServer server;

    private final AtomicInteger setBacks = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.executeAsServer("CREATE ROLE " + LOGIN + " LOGIN PASSWORD '" + PASSWORD + "'");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void asSet() {
        server.executeAsServer(SET_BACK);
    }

    /** Sets the login back, then runs {@code meanwhile}: what a call's SQL does before the next log-in. */
    private Runnable settingBack(String meanwhile) {
        return () -> {
            setBacks.incrementAndGet();
            server.executeAsServer(SET_BACK + (meanwhile.isEmpty() ? "" : "; " + meanwhile));
        };
    }

    private DataSource jdbc(String meanwhile) {
        DatabaseUrl url = server.databaseUrl();
        return CallerLoginCheck.jdbc(LOGIN, new DriverDataSource(url.jdbcUrl(), null, new Properties(), LOGIN,
                PASSWORD), settingBack(meanwhile));
    }

    private ConnectionFactory r2dbc(String meanwhile) {
        DatabaseUrl url = server.databaseUrl();
        return CallerLoginCheck.r2dbc(LOGIN, new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(url.host()).port(url.port()).database(url.database()).username(LOGIN).password(PASSWORD)
                .build()), settingBack(meanwhile));
    }

    private static String workMem(Connection connection) throws SQLException {
        try (ResultSet shown = connection.createStatement().executeQuery("SHOW work_mem")) {
            shown.next();
            return shown.getString(1);
        }
    }

    private static String workMem(io.r2dbc.spi.Connection connection) {
        return Flux.from(connection.createStatement("SHOW work_mem").execute())
                .flatMap(result -> result.map((row, meta) -> row.get(0, String.class)))
                .blockFirst(Duration.ofSeconds(10));
    }

    private void noSessionOfTheLoginIsLeft() {
        TestServer.await("no session of " + LOGIN, () -> server.count(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = ?", LOGIN) == 0);
    }

    @Test
    void aDefaultIsSetBackAndTheNextConnectionIsCheckedToo() throws SQLException {
        server.executeAsServer(CHANGE_DEFAULTS);
        try (Connection connection = jdbc("").getConnection()) {
            assertThat(workMem(connection)).isNotEqualTo("7MB");
        }
        assertThat(setBacks).hasValue(1);
    }

    @Test
    void aLoginChangedAgainEachTimeItIsSetBackIsRefusedByName() {
        server.executeAsServer(CHANGE_DEFAULTS);
        assertThatThrownBy(() -> jdbc(CHANGE_DEFAULTS).getConnection())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("caller login " + LOGIN + " still had a password or defaults");
        assertThat(setBacks).hasValue(CallerLoginCheck.ATTEMPTS - 1);
        noSessionOfTheLoginIsLeft();
    }

    @Test
    void aPasswordChangedAgainEachTimeItIsSetBackLeavesTheRefusal() {
        String elsewhere = "ALTER ROLE " + LOGIN + " PASSWORD 'chosen-by-a-caller'";
        server.executeAsServer(elsewhere);
        assertThatThrownBy(() -> jdbc(elsewhere).getConnection())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("caller login " + LOGIN + " still had a password or defaults")
                .hasFieldOrPropertyWithValue("SQLState", CallerLoginCheck.INVALID_PASSWORD)
                .cause().hasMessageContaining("password authentication failed");
        assertThat(setBacks).hasValue(CallerLoginCheck.ATTEMPTS - 1);
        noSessionOfTheLoginIsLeft();

        setBacks.set(0);
        assertThatThrownBy(() -> Mono.from(r2dbc(elsewhere).create()).block(Duration.ofSeconds(10)))
                .hasMessageContaining("caller login " + LOGIN + " still had a password or defaults");
        assertThat(setBacks).hasValue(CallerLoginCheck.ATTEMPTS - 1);

        setBacks.set(0);
        server.executeAsServer(elsewhere);
        io.r2dbc.spi.Connection connection = Mono.from(r2dbc("").create()).block(Duration.ofSeconds(10));
        Mono.from(connection.close()).block(Duration.ofSeconds(10));
        assertThat(setBacks).as("set back once, then logged in").hasValue(1);
    }

    @Test
    void theReactiveConnectionsAreCheckedTheSameWay() {
        server.executeAsServer(CHANGE_DEFAULTS);
        io.r2dbc.spi.Connection connection = Mono.from(r2dbc("").create()).block(Duration.ofSeconds(10));
        try {
            assertThat(workMem(connection)).isNotEqualTo("7MB");
        } finally {
            Mono.from(connection.close()).block(Duration.ofSeconds(10));
        }
        assertThat(setBacks).hasValue(1);

        setBacks.set(0);
        server.executeAsServer(CHANGE_DEFAULTS);
        assertThatThrownBy(() -> Mono.from(r2dbc(CHANGE_DEFAULTS).create()).block(Duration.ofSeconds(10)))
                .hasMessageContaining("caller login " + LOGIN + " still had a password or defaults");
        assertThat(setBacks).hasValue(CallerLoginCheck.ATTEMPTS - 1);
        noSessionOfTheLoginIsLeft();
    }
}
