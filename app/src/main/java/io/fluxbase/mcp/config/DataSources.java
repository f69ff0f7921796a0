package io.fluxbase.mcp.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * One PostgreSQL, two drivers: JDBC (Hikari) for the write side, Axon and Flyway; R2DBC for the reactive reads.
 * Both are declared here because Boot skips its JDBC DataSource once R2DBC is on the class path.
 */
@Configuration(proxyBeanMethods = false)
class DataSources {

    private final DatabaseUrl database;

    DataSources(@Value("${fluxbase.db.url}") String url) {
        this.database = DatabaseUrl.parse(url);
    }

    @Bean
    @Primary
    DataSource dataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(12);
        config.setPoolName("fluxbase-jdbc");
        return new HikariDataSource(config);
    }

    @Bean
    @Primary
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    /** Unpooled connections, for probes that may be abandoned without harming a pooled connection. */
    @Bean
    PostgresqlConnectionFactory directConnectionFactory(ReactorResourceFactory eventLoops) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(database.host())
                .port(database.port())
                .database(database.database())
                .username(database.user())
                .password(database.password())
                .applicationName("fluxbase-r2dbc")
                .connectTimeout(Duration.ofSeconds(5))
                .loopResources(eventLoops.getLoopResources())
                .build());
    }

    @Bean(destroyMethod = "dispose")
    @Primary
    ConnectionPool connectionFactory(PostgresqlConnectionFactory directConnectionFactory) {
        return new ConnectionPool(ConnectionPoolConfiguration.builder(directConnectionFactory)
                .name("fluxbase-r2dbc")
                .initialSize(2)
                .maxSize(8)
                .maxIdleTime(Duration.ofMinutes(10))
                .build());
    }

    @Bean
    DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
        return DatabaseClient.create(connectionFactory);
    }
}
