package io.fluxbase.mcp.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.fluxbase.mcp.kernel.time.IsoInstants;
import java.io.IOException;
import java.time.Instant;

/**
 * An event's instants, which the serializer writes as {@code Instant.toString()} does, read by {@link IsoInstants}
 * (the projections read one from every call record); any other token or form is read by the Java time module's own
 * deserializer, as before.
 */
final class CanonicalInstantDeserializer extends StdScalarDeserializer<Instant> {

    CanonicalInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant read = IsoInstants.canonical(parser.getText());
            if (read != null) {
                return read;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
}
