package io.fluxbase.mcp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event mapper reads instants as the Java time module does, whatever their form, and writes them as it does. */
class CanonicalInstantDeserializerTest {

    record Stamped(Instant time) {
    }

    private final ObjectMapper events = new AxonStorageConfig().eventObjectMapper();
    private final ObjectMapper module = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void anEventsInstantComesBackAsItWasWritten() throws Exception {
        for (Instant time : new Instant[] {Instant.now(), Instant.EPOCH, Instant.parse("2026-12-05T19:47:17Z"),
                Instant.parse("2026-12-05T19:47:17.046123Z"), Instant.parse("0001-01-01T00:00:00.000000001Z")}) {
            String json = events.writeValueAsString(new Stamped(time));
            assertThat(json).contains('"' + time.toString() + '"');
            assertThat(events.readValue(json, Stamped.class).time()).isEqualTo(time);
        }
    }

    /** Written as the Java time module writes instants as text, by {@link CanonicalInstantSerializer}. */
    @Test
    void anEventsInstantIsWrittenAsTheJavaTimeModuleWritesIt() throws Exception {
        ObjectMapper asText = module.copy().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            Stamped stamped = new Stamped(Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    i % 2 == 0 ? random.nextInt(1_000_000) * 1_000L : random.nextInt(1_000_000_000)));
            assertThat(events.writeValueAsString(stamped)).isEqualTo(asText.writeValueAsString(stamped));
        }
        Stamped farOff = new Stamped(Instant.parse("+12026-12-05T19:47:17Z"));
        assertThat(events.writeValueAsString(farOff)).isEqualTo(asText.writeValueAsString(farOff));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-12-05T20:47:17.5+01:00\"", "\" 2026-12-05T19:47:17Z \"", "1733427437.046",
            "1733427437", "\"1733427437\"", "\"2016-12-31T23:59:60Z\"", "\"+12026-12-05T19:47:17Z\"", "null"})
    void otherFormsReadAsTheJavaTimeModuleReadsThem(String value) throws Exception {
        String json = "{\"time\":" + value + "}";
        assertThat(events.readValue(json, Stamped.class)).isEqualTo(module.readValue(json, Stamped.class));
    }

    @Test
    void unreadableTextIsRefusedAsBefore() {
        String json = "{\"time\":\"2026-02-30T19:47:17Z\"}";
        assertThatThrownBy(() -> module.readValue(json, Stamped.class)).isInstanceOf(InvalidFormatException.class);
        assertThatThrownBy(() -> events.readValue(json, Stamped.class)).isInstanceOf(InvalidFormatException.class);
    }
}
