package io.fluxbase.mcp.edge.transport;

import static io.modelcontextprotocol.spec.McpSchema.METHOD_COMPLETION_COMPLETE;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_INITIALIZE;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_LOGGING_SET_LEVEL;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_NOTIFICATION_PROGRESS;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_PROMPT_GET;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_PROMPT_LIST;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_RESOURCES_LIST;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_RESOURCES_READ;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_RESOURCES_SUBSCRIBE;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_RESOURCES_TEMPLATES_LIST;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_RESOURCES_UNSUBSCRIBE;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_TOOLS_CALL;
import static io.modelcontextprotocol.spec.McpSchema.METHOD_TOOLS_LIST;

import io.fluxbase.mcp.edge.call.Printable;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The params MCP defines for the methods this server answers, as far as the SDK needs them to be well formed: which
 * fields must be there and of which JSON type. Checked before the SDK converts them, because the SDK answers a
 * mismatch with an exception that names its own classes.
 */
final class McpParams {

    /** JSON types, as a person reads them. */
    enum Kind {
        STRING("a string"), OBJECT("an object"), NUMBER("a number"), ID("a string or an integer");

        final String reading;

        Kind(String reading) {
            this.reading = reading;
        }

        boolean fits(JsonNode value) {
            return switch (this) {
                case STRING -> value.isString();
                case OBJECT -> value.isObject();
                case NUMBER -> value.isNumber();
                case ID -> value.isString() || value.isIntegralNumber();
            };
        }
    }

    /**
     * One field: a path below params ({@code clientInfo.name}), its type, an example of a right value, and for a
     * string the most characters it may have (0: as many as the body may hold).
     */
    record Field(String path, Kind kind, boolean required, String example, int maxChars) {
    }

    /**
     * What a client calls itself is kept with its session (until it ends, 30 minutes idle at the least) and copied
     * into every one of its calls' records, so it is bounded as a name is, not by the size of a body.
     */
    static final int MAX_CLIENT_INFO_CHARS = 256;

    static final int MAX_SUBSCRIBED_URI_CHARS = 2048;

    /** The capabilities and clientInfo are kept with the session too, so an initialize message is bounded whole. */
    static final int MAX_INITIALIZE_CHARS = 64 * 1024;

    /** The fix a caller needs, as the text of a JSON-RPC -32602 error. */
    static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    private static final List<Field> PAGED =
            List.of(optional("cursor", Kind.STRING, "the nextCursor of the last page"));
    private static final List<Field> URI = List.of(required("uri", Kind.STRING, "\"schema://tables\""));
    /** A subscribed URI is kept with the session, so it is bounded as a name is. */
    private static final List<Field> SUBSCRIBED_URI = List.of(required("uri", Kind.STRING, "\"schema://tables\"",
            MAX_SUBSCRIBED_URI_CHARS));

    private static final Map<String, List<Field>> FIELDS = Map.ofEntries(
            Map.entry(METHOD_INITIALIZE, List.of(
                    required("protocolVersion", Kind.STRING, "\"2025-11-25\""),
                    required("capabilities", Kind.OBJECT, "{}"),
                    required("clientInfo", Kind.OBJECT, "{\"name\": \"my-client\", \"version\": \"1.0\"}"),
                    required("clientInfo.name", Kind.STRING, "\"my-client\"", MAX_CLIENT_INFO_CHARS),
                    required("clientInfo.version", Kind.STRING, "\"1.0\"", MAX_CLIENT_INFO_CHARS))),
            Map.entry(METHOD_TOOLS_CALL, List.of(
                    required("name", Kind.STRING, "\"query_table\""),
                    optional("arguments", Kind.OBJECT, "{\"table\": \"tasks\"}"))),
            Map.entry(METHOD_TOOLS_LIST, PAGED),
            Map.entry(METHOD_RESOURCES_LIST, PAGED),
            Map.entry(METHOD_RESOURCES_TEMPLATES_LIST, PAGED),
            Map.entry(METHOD_PROMPT_LIST, PAGED),
            Map.entry(METHOD_RESOURCES_READ, URI),
            Map.entry(METHOD_RESOURCES_SUBSCRIBE, SUBSCRIBED_URI),
            Map.entry(METHOD_RESOURCES_UNSUBSCRIBE, SUBSCRIBED_URI),
            Map.entry(METHOD_PROMPT_GET, List.of(
                    required("name", Kind.STRING, "\"summarize\""),
                    optional("arguments", Kind.OBJECT, "{\"arg1\": \"value\"}"))),
            Map.entry(METHOD_COMPLETION_COMPLETE, List.of(
                    required("ref", Kind.OBJECT, "{\"type\": \"ref/prompt\", \"name\": \"...\"}"),
                    required("ref.type", Kind.STRING, "\"ref/prompt\" or \"ref/resource\""),
                    required("argument", Kind.OBJECT, "{\"name\": \"arg1\", \"value\": \"pa\"}"),
                    required("argument.name", Kind.STRING, "\"arg1\""),
                    required("argument.value", Kind.STRING, "\"pa\""))),
            Map.entry(METHOD_LOGGING_SET_LEVEL, List.of(required("level", Kind.STRING, "\"info\""))),
            Map.entry("notifications/cancelled", List.of(
                    required("requestId", Kind.ID, "the id of the request to cancel"),
                    optional("reason", Kind.STRING, "\"the user gave up\""))),
            Map.entry(METHOD_NOTIFICATION_PROGRESS, List.of(
                    required("progressToken", Kind.ID, "the progressToken of the request"),
                    required("progress", Kind.NUMBER, "50"))));

    private McpParams() {
    }

    /**
     * Checks {@code params} (null when absent or JSON null) of {@code method}; methods not listed here only need an
     * object, if anything.
     *
     * @throws Mismatch naming the field, what it must be, an example, and what arrived instead
     */
    static void check(String method, @Nullable JsonNode params) {
        List<Field> fields = FIELDS.getOrDefault(method, List.of());
        if (params == null) {
            fields.stream().filter(Field::required).findFirst().ifPresent(first -> {
                throw new Mismatch(method + " needs params, an object with " + first.path() + ", "
                        + first.kind().reading + " such as " + first.example());
            });
            return;
        }
        if (!params.isObject()) {
            throw new Mismatch("params of " + method + " must be an object (MCP passes parameters by name), not "
                    + describe(params));
        }
        JsonNode meta = params.get("_meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw new Mismatch("params._meta of " + method + " must be an object, not " + describe(meta));
        }
        for (Field field : fields) {
            JsonNode value = at(params, field.path());
            if (value == null || value.isNull()) {
                if (field.required() && parentPresent(params, field.path())) {
                    throw new Mismatch(method + " needs params." + field.path() + ", " + field.kind().reading
                            + " such as " + field.example());
                }
            } else if (!field.kind().fits(value)) {
                throw new Mismatch("params." + field.path() + " of " + method + " must be " + field.kind().reading
                        + " such as " + field.example() + ", not " + describe(value));
            } else if (field.maxChars() > 0 && value.isString() && characters(value.stringValue()) > field.maxChars()) {
                throw new Mismatch("params." + field.path() + " of " + method + " must be at most "
                        + field.maxChars() + " characters, not " + characters(value.stringValue()) + ", such as "
                        + field.example());
            }
        }
    }

    /** What a value is, in words; strings are quoted (shortened), so a person sees what they sent. */
    static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isString()) {
            String text = value.stringValue();
            return "the string \"" + Printable.of(text, 40) + "\"";
        }
        if (value.isNumber()) {
            return "the number " + value.numberValue();
        }
        if (value.isBoolean()) {
            return value.asString();
        }
        return "null";
    }

    private static @Nullable JsonNode at(JsonNode params, String path) {
        JsonNode node = params;
        for (String step : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(step);
        }
        return node;
    }

    /** A nested field is only required when its parent is there; a missing parent is reported as itself. */
    private static boolean parentPresent(JsonNode params, String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0) {
            return true;
        }
        JsonNode parent = at(params, path.substring(0, dot));
        return parent != null && parent.isObject();
    }

    /** Characters as a person counts them: an emoji is one, not two UTF-16 units. */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    private static Field required(String path, Kind kind, String example) {
        return required(path, kind, example, 0);
    }

    private static Field required(String path, Kind kind, String example, int maxChars) {
        return new Field(path, kind, true, example, maxChars);
    }

    private static Field optional(String path, Kind kind, String example) {
        return new Field(path, kind, false, example, 0);
    }
}
