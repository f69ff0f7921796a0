package io.fluxbase.mcp.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fluxbase.mcp.command.db.CallerDataSources;
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
 * The pools callers' statements run on, one per key role for reads (R2DBC) and one for writes (JDBC), each logging in
 * as the role's caller login. They are small and grow on demand: a node has nine pools, and several nodes may share
 * one database's connection limit.
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
        Map<String, DataSource> pools = new HashMap<>();
        for (String role : CallerSettings.ROLES) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(database.jdbcUrl());
            config.setUsername(isolation.login(role));
            config.setPassword(isolation.password(role));
            config.setPoolName("fluxbase-caller-" + role);
            config.setMaximumPoolSize(writePoolSize);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
            // no server-side prepared statements: nothing a caller's SQL could replace under another caller
            config.addDataSourceProperty("prepareThreshold", "0");
            config.addDataSourceProperty("ApplicationName", "fluxbase-caller-" + role);
            pools.put(role, new HikariDataSource(config));
        }
        return new CallerDataSources(pools);
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
