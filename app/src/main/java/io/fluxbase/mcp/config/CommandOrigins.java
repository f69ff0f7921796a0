package io.fluxbase.mcp.config;

import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.springframework.stereotype.Component;

/**
 * Axon's {@link MessageOriginProvider} for commands only: the events an admin command applies carry its id as
 * {@code correlationId} and {@code traceId}, as before. Axon's provider is asked for every message a unit of work
 * handles, events included, and reads the event's meta data to answer; every event processor then deserialized each
 * event's meta data to stamp the results of its handlers, which no one reads (no event handler sends a command or
 * publishes an event). That was a tenth of the audit log's and the chain's processors. Declared here, it replaces
 * Axon's default provider.
 */
@Component
class CommandOrigins implements CorrelationDataProvider {

    private final MessageOriginProvider origins = new MessageOriginProvider();

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        return message instanceof CommandMessage<?> ? origins.correlationDataFor(message) : Map.of();
    }
}
