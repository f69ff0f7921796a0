package io.fluxbase.mcp.query.readmodel;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every event processor sets aside the events its handlers fail on, instead of only logging them. */
@Configuration(proxyBeanMethods = false)
class ReadModelConfig {

    @Bean
    ConfigurerModule setAsideOnHandlerError(DeadLetters deadLetters) {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(axon -> new SetAsideOnHandlerError(deadLetters));
    }
}
