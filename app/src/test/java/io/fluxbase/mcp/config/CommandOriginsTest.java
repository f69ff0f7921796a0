package io.fluxbase.mcp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.junit.jupiter.api.Test;

class CommandOriginsTest {

    private final CommandOrigins origins = new CommandOrigins();

    @Test
    void aCommandGivesWhatAxonsProviderGives() {
        var fresh = GenericCommandMessage.asCommandMessage("create");
        var traced = GenericCommandMessage.asCommandMessage("create")
                .andMetaData(Map.of("correlationId", "c-1", "traceId", "t-1"));
        for (var command : List.of(fresh, traced)) {
            assertThat(origins.correlationDataFor(command))
                    .isEqualTo(new MessageOriginProvider().correlationDataFor(command))
                    .containsKeys("correlationId", "traceId");
        }
        assertThat(origins.correlationDataFor(traced).get("traceId")).isEqualTo("t-1");
    }

    /** An event's meta data is not read at all: in a processor it is stored JSON, deserialized on first read. */
    @Test
    void anEventGivesNothingAndItsMetaDataIsNotRead() {
        var event = new GenericEventMessage<>("recorded") {
            @Override
            public MetaData getMetaData() {
                throw new AssertionError("the event's meta data was read");
            }
        };
        assertThat(origins.correlationDataFor(event)).isEmpty();
    }
}
