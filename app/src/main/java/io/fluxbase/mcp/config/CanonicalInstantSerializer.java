package io.fluxbase.mcp.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.fluxbase.mcp.kernel.time.IsoInstants;
import java.io.IOException;
import java.time.Instant;

/**
 * An event's instants written as the Java time module writes them as text ({@code Instant.toString()}), by
 * {@link IsoInstants} rather than its formatter: every call record carries one, and the command log's writer spent a
 * tenth of its time formatting times. No event type asks for another form ({@code @JsonFormat}).
 */
final class CanonicalInstantSerializer extends StdScalarSerializer<Instant> {

    CanonicalInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeString(IsoInstants.format(value));
    }
}
