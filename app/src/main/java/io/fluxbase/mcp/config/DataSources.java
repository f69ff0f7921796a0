package io.fluxbase.mcp.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
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
 *
 * <p>Every connection of the server's own login runs with {@code row_security = off}. The login is a member of the
 * owner of the project's tables (storage's too), which it reads for the owner's bucket listing and to embed a
 * vector-enabled table's rows; on a table with forced row-level security the project's policies, and the functions
 * they call, would run there with the server's rights, which reach the command log. Row security off, PostgreSQL
 * refuses such a read instead ({@link io.fluxbase.mcp.command.db.ForcedRowSecurity} says so to the owner); a
 * superuser, or a table whose owner's policies are not forced, is read as before. Callers' connections
 * ({@link CallerPools}) keep their policies.
 *
 * <p>Nor do they search a schema the project may create in ({@code public}, by default, is): PostgreSQL picks an
 * operator or function whose argument types match exactly over a built-in one that needs a cast, so the project's
 * {@code =(text, varchar)} in {@code public} would have run, with the server's rights, in every one of the server's
 * statements comparing a text column with a string parameter. The server names every object it uses outside
 * {@code pg_catalog}.
 */
@Configuration(proxyBeanMethods = false)
class DataSources {

    /** The setting, as both drivers pass it in the start-up packet: a session default that RESET ALL keeps. */
    static final String ROW_SECURITY = "row_security";
    static final String OFF = "off";
    static final String SEARCH_PATH = "search_path";
    /** PostgreSQL's own schema and nothing the project may create in (pg_temp last, as it is never searched first). */
    static final String SYSTEM_SCHEMAS_ONLY = "pg_catalog,pg_temp";

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
        config.addDataSourceProperty("options", "-c " + ROW_SECURITY + "=" + OFF + " -c " + SEARCH_PATH + "="
                + SYSTEM_SCHEMAS_ONLY);
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
                .options(Map.of(ROW_SECURITY, OFF, SEARCH_PATH, SYSTEM_SCHEMAS_ONLY))
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
