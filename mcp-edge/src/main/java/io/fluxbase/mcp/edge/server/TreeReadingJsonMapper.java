package io.fluxbase.mcp.edge.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's Jackson 3 mapper, except that a parsed tree is read straight into the type asked for. The transport hands
 * the SDK each request's params as the tree it parsed, and the SDK converts them to its request record; a conversion
 * writes the tree out to a token buffer and reads that back, where reading the tree skips the writing. Failures come
 * as a conversion's do, an IllegalArgumentException around Jackson's exception.
 */
final class TreeReadingJsonMapper implements McpJsonMapper {

    private final JsonMapper jackson;
    private final JacksonMcpJsonMapper sdk;

    TreeReadingJsonMapper(JsonMapper jackson) {
        this.jackson = jackson;
        this.sdk = new JacksonMcpJsonMapper(jackson);
    }

    @Override
    public <T> T convertValue(Object fromValue, Class<T> type) {
        return fromValue instanceof JsonNode tree ? read(tree, type, () -> jackson.treeToValue(tree, type))
                : sdk.convertValue(fromValue, type);
    }

    @Override
    public <T> T convertValue(Object fromValue, TypeRef<T> type) {
        return fromValue instanceof JsonNode tree
                ? read(tree, type.getType(), () -> jackson.treeToValue(tree, jackson.constructType(type.getType())))
                : sdk.convertValue(fromValue, type);
    }

    @SuppressWarnings("unchecked")
    private <T> T read(JsonNode tree, Type type, Supplier<T> reading) {
        if (type == McpSchema.CallToolRequest.class) {
            McpSchema.CallToolRequest call = callToolRequest(tree);
            if (call != null) {
                return (T) call;
            }
        }
        return read(reading);
    }

    /**
     * A tools/call's params, every call's, read field by field into the SDK's record when they have its plain shape
     * (a text name; arguments and _meta objects, null or absent; other fields ignored, as the record's binding
     * ignores them), their values as the record's binding makes them. Jackson binds the record through its factory method, spreading the arguments through a method
     * handle it looks up anew each time: this conversion was 6% of the event loop's work on a read. Any
     * other shape is left to Jackson, so it is refused as before, naming the field.
     */
    private McpSchema.@Nullable CallToolRequest callToolRequest(JsonNode params) {
        if (!params.isObject()) {
            return null;
        }
        JsonNode name = params.get("name");
        JsonNode arguments = params.get("arguments");
        JsonNode meta = params.get("_meta");
        if (name == null || !name.isString() || !objectOrNull(arguments) || !objectOrNull(meta)) {
            return null;
        }
        return new McpSchema.CallToolRequest(name.stringValue(), map(arguments), map(meta));
    }

    private static boolean objectOrNull(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isObject();
    }

    @SuppressWarnings("unchecked")
    private @Nullable Map<String, Object> map(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : (Map<String, Object>) plain(node);
    }

    /**
     * A parsed tree as the plain values Jackson's untyped binding makes of it (maps in their order, lists, text, the
     * number's own type, booleans, null), taken straight from the nodes rather than through a parser over them.
     */
    private @Nullable Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    map.put(field.getKey(), plain(field.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(plain(element));
                }
                yield list;
            }
            case STRING -> node.stringValue();
            case NUMBER -> node.numberValue();
            case BOOLEAN -> node.booleanValue();
            case NULL -> null;
            default -> read(() -> jackson.treeToValue(node, Object.class)); // not from parsed text
        };
    }

    private static <T> T read(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public <T> T readValue(String content, Class<T> type) throws IOException {
        return sdk.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, Class<T> type) throws IOException {
        return sdk.readValue(content, type);
    }

    @Override
    public <T> T readValue(String content, TypeRef<T> type) throws IOException {
        return sdk.readValue(content, type);
    }

    @Override
    public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
        return sdk.readValue(content, type);
    }

    @Override
    public String writeValueAsString(Object value) throws IOException {
        return sdk.writeValueAsString(value);
    }

    @Override
    public byte[] writeValueAsBytes(Object value) throws IOException {
        return sdk.writeValueAsBytes(value);
    }
}
