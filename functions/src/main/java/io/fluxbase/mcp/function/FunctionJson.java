package io.fluxbase.mcp.function;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Values cross the sandbox boundary as JSON text, so the function only ever holds plain JS values. */
final class FunctionJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, @Nullable Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {
    };

    private FunctionJson() {
    }

    static String write(@Nullable Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static @Nullable Object read(String json) {
        return MAPPER.readValue(json, Object.class);
    }

    static Map<String, @Nullable Object> readObject(String json) {
        return MAPPER.readValue(json, OBJECT);
    }

    static Map<String, String> readStrings(String json) {
        return MAPPER.readValue(json, STRINGS);
    }
}
