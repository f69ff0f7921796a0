package io.fluxbase.mcp.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import io.fluxbase.mcp.callerdb.CallerDataSources;
import io.fluxbase.mcp.command.db.SchemaOwnerLogin;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.caller.LogGateKey;
import io.fluxbase.mcp.query.db.CallerConnectionFactories;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The pools callers' statements run on, each logging in as the key role's caller login. Per role, over JDBC: one for
 * kernel-built SQL (table reads and writes, file writes) and one for function calls (see {@link CallerDataSources});
 * over R2DBC, one for the other reads (catalog, files, history, vector candidates). They are small and grow on demand
 * (at most 12, {@code database.caller_pool_size} and 4 connections a role), and several nodes may share one
 * database's connection limit. Every new connection passes {@link CallerLoginCheck}.
 */
@Configuration(proxyBeanMethods = false)
class CallerPools {

    /** Table reads and writes and file writes, all kernel-built SQL (see {@link CallerDataSources}). */
    private static final int BUILT_POOL_SIZE = 12;
    /** The other reads (catalog on a cache miss, files, history, vector candidates) are fewer and shorter. */
    private static final int OTHER_READ_POOL_SIZE = 4;

    /**
     * Prepared statements a connection for the other reads keeps: none, every statement goes unnamed. These reads
     * (files, a row's history, a job, the catalog) run several statements in one transaction, and the project's SQL
     * can run between them (a storage policy); a statement kept by name could be dropped there (DEALLOCATE) and fail
     * the rest of the read, and every read on that connection after it. (Unbounded, the driver's default, every new
     * shape of query also stayed prepared for the connection's life and slowed each session reset.)
     */
    private static final int READ_STATEMENTS_KEPT = 0;

    /**
     * Query texts a connection for kernel-built SQL keeps prepared, least recently used dropped first. A table read
     * is one text of seven statements on the server (BEGIN to COMMIT), a write two, and the session reset lists them
     * all at the end of every transaction, so six texts keep at most 42 there.
     */
    static final int BUILT_SHAPES_KEPT = 6;

    private final DatabaseUrl database;
    private final int callerChosenPoolSize;
    private final Duration longestStatement;

    CallerPools(@Value("${fluxbase.db.url}") String url,
            @Value("${fluxbase.database.caller-pool-size:8}") int callerChosenPoolSize,
            @Value("${fluxbase.mcp.write-timeout:PT10S}") String writeTimeout,
            @Value("${fluxbase.mcp.read-timeout:PT30S}") String readTimeout) {
        this.database = DatabaseUrl.parse(url);
        this.callerChosenPoolSize = callerChosenPoolSize;
        Duration write = Duration.parse(writeTimeout);
        Duration read = Duration.parse(readTimeout);
        this.longestStatement = write.compareTo(read) > 0 ? write : read;
    }

    @Bean
    LogGateKey logGateKey(CallerIsolation isolation) {
        return isolation.gateKey();
    }

    @Bean
    SchemaOwnerLogin schemaOwnerLogin(CallerIsolation isolation) {
        return isolation.schemaOwnerLogin(database.jdbcUrl());
    }

    @Bean(destroyMethod = "close")
    CallerDataSources callerDataSources(CallerIsolation isolation) {
        Map<String, DataSource> built = new HashMap<>();
        Map<String, DataSource> callerChosen = new HashMap<>();
        for (String role : CallerSettings.ROLES) {
            Properties kept = new Properties();
            kept.setProperty("preparedStatementCacheQueries", String.valueOf(BUILT_SHAPES_KEPT));
            // reads and writes end at their own statement_timeout first, and PostgreSQL says so; this only drops a
            // connection whose server stopped answering (never sooner than 30 s: a write's COMMIT has no timeout)
            long socketTimeout = Math.max(30, longestStatement.toSeconds() + 5);
            kept.setProperty("socketTimeout", String.valueOf(socketTimeout));
            built.put(role, new HikariDataSource(jdbcPool(isolation, role, "fluxbase-caller-built-" + role,
                    BUILT_POOL_SIZE, kept)));
            Properties none = new Properties();
            none.setProperty("prepareThreshold", "0");
            callerChosen.put(role, new HikariDataSource(jdbcPool(isolation, role, "fluxbase-caller-" + role,
                    callerChosenPoolSize, none)));
        }
        return new CallerDataSources(built, callerChosen);
    }

    private HikariConfig jdbcPool(CallerIsolation isolation, String role, String name, int size,
            Properties driver) {
        // the name goes in the start-up packet (pgjdbc sends it as a SET after logging in unless told the server is
        // new enough), so it is the session's default and survives the RESET ALL that ends every caller transaction
        driver.setProperty("ApplicationName", name);
        driver.setProperty("assumeMinServerVersion", "9.0");
        HikariConfig config = new HikariConfig();
        String login = isolation.login(role);
        config.setDataSource(CallerLoginCheck.jdbc(login, new DriverDataSource(database.jdbcUrl(), null, driver, login,
                isolation.password(role)), () -> isolation.setBack(role)));
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        return config;
    }

    @Bean(destroyMethod = "close")
    CallerConnectionFactories callerConnectionFactories(CallerIsolation isolation, ReactorResourceFactory eventLoops) {
        Map<String, ConnectionFactory> pools = new HashMap<>();
        for (String role : CallerSettings.ROLES) {
            PostgresqlConnectionFactory direct = new PostgresqlConnectionFactory(
                    PostgresqlConnectionConfiguration.builder()
                            .host(database.host())
                            .port(database.port())
                            .database(database.database())
                            .username(isolation.login(role))
                            .password(isolation.password(role))
                            .applicationName("fluxbase-caller-reads-" + role)
                            .preparedStatementCacheQueries(READ_STATEMENTS_KEPT)
                            .connectTimeout(Duration.ofSeconds(5))
                            .loopResources(eventLoops.getLoopResources())
                            .build());
            ConnectionFactory checked = CallerLoginCheck.r2dbc(isolation.login(role), direct,
                    () -> isolation.setBack(role));
            pools.put(role, new ConnectionPool(ConnectionPoolConfiguration.builder(checked)
                    .name("fluxbase-caller-reads-" + role)
                    .initialSize(1)
                    .maxSize(OTHER_READ_POOL_SIZE)
                    // after a database restart every idle connection is dead: each is dropped on its turn, and
                    // the read tries the next (or a new one) instead of failing with "validation failed"
                    .acquireRetry(OTHER_READ_POOL_SIZE)
                    .maxIdleTime(Duration.ofMinutes(10))
                    .build()));
        }
        return new CallerConnectionFactories(pools);
    }
}
