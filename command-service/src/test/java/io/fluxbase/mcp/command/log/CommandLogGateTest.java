package io.fluxbase.mcp.command.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxbase.mcp.kernel.caller.LogGateKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class CommandLogGateTest {

    @Revision("3")
    record Noted(String note, int count) {
    }

    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()).build();
    private final CommandLogGate gate = new CommandLogGate(new LogGateKey("gate-key"), serializer, "digest",
            "");
    private final Noted noted = new Noted("a note", 2);

    @Test
    void writesEachEventAsTheSerializerDoesWithItsMetaDataAsTheSerializerWritesIt() {
        List<Object> parameters = gate.appendParameters(List.of(noted,
                GenericEventMessage.asEventMessage(noted).andMetaData(Map.of("traceId", "t-1"))));

        assertThat(parameters.get(0)).isEqualTo("gate-key");
        String[] types = (String[]) parameters.get(2);
        String[] revisions = (String[]) parameters.get(3);
        String[] payloads = (String[]) parameters.get(4);
        String[] metaData = (String[]) parameters.get(5);
        assertThat(types).containsExactly(Noted.class.getName(), Noted.class.getName());
        assertThat(revisions).containsExactly("3", "3");
        assertThat(payloads[0]).isEqualTo(text(serializer.serialize(noted, byte[].class)));
        assertThat(metaData[0]).isEqualTo(text(serializer.serialize(MetaData.emptyInstance(), byte[].class)));
        assertThat(metaData[1]).isEqualTo(text(serializer.serialize(MetaData.with("traceId", "t-1"), byte[].class)));
    }

    @Test
    void whatItWritesReadsBackAsTheEventAndItsMetaData() {
        List<Object> parameters = gate.appendParameters(List.of(noted,
                GenericEventMessage.asEventMessage(noted).andMetaData(Map.of("traceId", "t-1"))));
        String[] payloads = (String[]) parameters.get(4);
        String[] metaData = (String[]) parameters.get(5);

        assertThat(serializer.<byte[], Noted>deserialize(serialized(payloads[0], Noted.class, "3")))
                .isEqualTo(noted);
        assertThat(serializer.<byte[], MetaData>deserialize(serialized(metaData[0], MetaData.class, null))).isEmpty();
        assertThat(serializer.<byte[], MetaData>deserialize(serialized(metaData[1], MetaData.class, null)))
                .containsEntry("traceId", "t-1");
    }

    private static String text(SerializedObject<byte[]> serialized) {
        return new String(serialized.getData(), StandardCharsets.UTF_8);
    }

    private static SerializedObject<byte[]> serialized(String text, Class<?> type, String revision) {
        return new SimpleSerializedObject<>(text.getBytes(StandardCharsets.UTF_8), byte[].class,
                new SimpleSerializedType(type.getName(), revision));
    }
}
