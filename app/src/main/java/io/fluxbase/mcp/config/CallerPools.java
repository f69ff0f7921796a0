package io.fluxbase.mcp.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The pools callers' statements run on, each logging in as the key role's caller login. Per role: table reads and
 * writes over JDBC (see {@link CallerDataSources}), the other reads (catalog, files, history, vectors) over R2DBC.
 * They are small and grow on demand: a node has twelve pools, and several nodes may share one database's connection
 * limit.
 */
@Configuration(proxyBeanMethods = false)
class CallerPools {

    private static final int READ_POOL_SIZE = 12;

    /**
     * Prepared statements a read connection keeps, least recently used dropped first. Unbounded (the driver's
     * default), every new shape of query stayed prepared in its backend for the connection's life, and the session
     * reset, which lists them all at the end of every read, grew slower with each one.
     */
    private static final int READ_STATEMENTS_KEPT = 32;

    /**
     * Table-read transactions a JDBC read connection keeps prepared, least recently used dropped first. Each is
     * seven statements on the server (BEGIN to COMMIT), and the session reset lists them all at the end of every
     * read, so four shapes keep at most 28 there.
     */
    static final int TABLE_READS_KEPT = 4;

    private final DatabaseUrl database;
    private final int writePoolSize;

    CallerPools(@Value("${fluxbase.db.url}") String url,
            @Value("${fluxbase.database.caller-pool-size:8}") int writePoolSize) {
        this.database = DatabaseUrl.parse(url);
        this.writePoolSize = writePoolSize;
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
        Map<String, DataSource> writes = new HashMap<>();
        Map<String, DataSource> reads = new HashMap<>();
        for (String role : CallerSettings.ROLES) {
            HikariConfig write = jdbcPool(isolation, role, "fluxbase-caller-" + role, writePoolSize);
            // no server-side prepared statements: nothing a caller's SQL could replace under another caller
            write.addDataSourceProperty("prepareThreshold", "0");
            writes.put(role, new HikariDataSource(write));
            // Table reads run only kernel-built SQL, so every statement of their one-trip transaction (settings,
            // SELECT, reset) may be prepared once and reused: planning them anew took most of a read's database time.
            HikariConfig read = jdbcPool(isolation, role, "fluxbase-caller-reads-" + role, READ_POOL_SIZE);
            read.addDataSourceProperty("preparedStatementCacheQueries", String.valueOf(TABLE_READS_KEPT));
            // a read that has not answered in 30 s fails and its connection is dropped, as the R2DBC reads' bound does
            read.addDataSourceProperty("socketTimeout", "30");
            reads.put(role, new HikariDataSource(read));
        }
        return new CallerDataSources(writes, reads);
    }

    private HikariConfig jdbcPool(CallerIsolation isolation, String role, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(isolation.login(role));
        config.setPassword(isolation.password(role));
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.addDataSourceProperty("ApplicationName", "fluxbase-caller-" + role);
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
                            .applicationName("fluxbase-caller-" + role)
                            .preparedStatementCacheQueries(READ_STATEMENTS_KEPT)
                            .connectTimeout(Duration.ofSeconds(5))
                            .loopResources(eventLoops.getLoopResources())
                            .build());
            pools.put(role, new ConnectionPool(ConnectionPoolConfiguration.builder(direct)
                    .name("fluxbase-caller-" + role)
                    .initialSize(1)
                    .maxSize(READ_POOL_SIZE)
                    .maxIdleTime(Duration.ofMinutes(10))
                    .build()));
        }
        return new CallerConnectionFactories(pools);
    }
}
