package io.fluxbase.mcp.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fluxbase.mcp.command.log.VirtualThreadJson;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on PostgreSQL without Axon Server. Boot 4 does not activate Axon's JDBC auto-configuration, so the storage
 * engine, token store and their plumbing are declared here, with snake_case tables (created by Flyway) and our own
 * Jackson 2 mapper so the stored event JSON does not change shape with a framework upgrade.
 */
@Configuration(proxyBeanMethods = false)
class AxonStorageConfig {

    private static final String SCHEMA = "fluxbase.";
    /**
     * How long a busy log's reader waits between short reads: the most it adds to projection lag. Each projection
     * batch costs about six round trips whatever its size (claim, flush setting, savepoint, rows, release, commit);
     * at 50 ms rather than 15 a busy node's batches are three times larger and the database does a tenth less work
     * per call, while a call still reaches the audit log within a tenth of a second.
     */
    private static final Duration TAIL_PACE = Duration.ofMillis(50);

    @Bean
    @Qualifier("eventJson")
    ObjectMapper eventObjectMapper() {
        return VirtualThreadJson.mapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule().addDeserializer(Instant.class, new CanonicalInstantDeserializer())
                        .addSerializer(Instant.class, new CanonicalInstantSerializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Bean
    @Primary
    Serializer serializer(@Qualifier("eventJson") ObjectMapper mapper) {
        return jackson(mapper);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(@Qualifier("eventJson") ObjectMapper mapper) {
        return jackson(mapper);
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(@Qualifier("eventJson") ObjectMapper mapper) {
        return jackson(mapper);
    }

    private static Serializer jackson(ObjectMapper mapper) {
        return JacksonSerializer.builder().objectMapper(mapper)
                .revisionResolver(new RevisionsReadOnce(new AnnotationRevisionResolver())).build();
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /** PostgreSQL reports a duplicate (aggregate, sequence) as 23505: make it a retryable concurrency error. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver("23505");
    }

    /**
     * The storage engine opens no transaction of its own: every append runs inside its writer's transaction (a
     * command's unit of work, or a group commit of call records) and uses that transaction's connection. Reads of the
     * log are single statements and need no transaction.
     */
    @Bean
    EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
            @Qualifier("eventSerializer") Serializer eventSerializer, Serializer serializer,
            PersistenceExceptionResolver persistenceExceptionResolver) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .dataType(byte[].class)
                .batchSize(200)
                .schema(EventSchema.builder()
                        .eventTable(SCHEMA + "domain_event_entry")
                        .snapshotTable(SCHEMA + "snapshot_event_entry")
                        .globalIndexColumn("global_index")
                        .timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number")
                        .typeColumn("type")
                        .payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload")
                        .metaDataColumn("meta_data")
                        .build());
        return new PacedJdbcEventStorageEngine(builder, TAIL_PACE);
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TokenSchema.builder()
                        .setTokenTable(SCHEMA + "token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .build();
    }
}
