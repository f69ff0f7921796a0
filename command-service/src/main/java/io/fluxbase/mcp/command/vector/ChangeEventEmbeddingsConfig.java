package io.fluxbase.mcp.command.vector;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link ChangeEventEmbeddings}' processor starts at the head of the log when it has no token yet: the writes before
 * it existed went through the queue (V42 came with it), so there is nothing behind it to embed.
 */
@Configuration(proxyBeanMethods = false)
class ChangeEventEmbeddingsConfig {

    @Bean
    ConfigurerModule vectorEmbeddingsProcessor() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessor(ChangeEventEmbeddings.GROUP,
                org.axonframework.config.Configuration::eventStore, axon -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(EmbeddingWorker.BATCH)
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }
}
