package io.fluxbase.mcp.edge.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * The SDK's Jackson 3 mapper, except that a parsed tree is read straight into the type asked for. The transport hands
 * the SDK each request's params as the tree it parsed, and the SDK converts them to its request record; a conversion
 * writes the tree out to a token buffer and reads that back, where reading the tree skips the writing. Failures come
 * as a conversion's do, an IllegalArgumentException around Jackson's exception.
 *
 * <p>Trees are read with the Blackbird module added: Jackson calls a record's creator through
 * {@code MethodHandle.invokeWithArguments}, which builds a spreading handle on every call (a tools/call's params
 * become the SDK's request record that way, on every call), and Blackbird builds that once per type. Writing stays
 * with the mapper as given: with Blackbird's property writers, writing the answers took no less of a call's time.
 */
final class TreeReadingJsonMapper implements McpJsonMapper {

    private final JsonMapper trees;
    private final JacksonMcpJsonMapper sdk;
    private final Map<Type, JavaType> types = new ConcurrentHashMap<>();

    TreeReadingJsonMapper(JsonMapper jackson) {
        this.trees = jackson.rebuild().addModule(new BlackbirdModule()).build();
        this.sdk = new JacksonMcpJsonMapper(jackson);
    }

    @Override
    public <T> T convertValue(Object fromValue, Class<T> type) {
        return fromValue instanceof JsonNode tree ? read(tree, () -> trees.treeToValue(tree, type))
                : sdk.convertValue(fromValue, type);
    }

    @Override
    public <T> T convertValue(Object fromValue, TypeRef<T> type) {
        return fromValue instanceof JsonNode tree ? read(tree, () -> trees.treeToValue(tree, javaType(type.getType())))
                : sdk.convertValue(fromValue, type);
    }

    /** The SDK asks for a few types of its own, a new TypeRef each time; Jackson's type cache costs more per look. */
    private JavaType javaType(Type type) {
        return types.computeIfAbsent(type, trees::constructType);
    }

    /** A tools/call's arguments keep the tree they came from, for the input schema check ({@link ParsedArguments}). */
    @SuppressWarnings("unchecked")
    private static <T> T read(JsonNode tree, Supplier<T> reading) {
        T value;
        try {
            value = reading.get();
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (value instanceof McpSchema.CallToolRequest call && call.arguments() != null
                && tree.get("arguments") instanceof ObjectNode arguments) {
            return (T) new McpSchema.CallToolRequest(call.name(), new ParsedArguments(call.arguments(), arguments),
                    call.meta());
        }
        return value;
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
