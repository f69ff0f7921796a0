package io.fluxbase.mcp.edge.server;

import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK's validator of tool arguments and structured results, minus one cost per call: it finds a tool's compiled
 * schema by the schema's whole text, printed anew for every call. Tool schemas are built once and never change, so
 * the text is kept per schema object, looked up by identity. A schema not seen before is printed once, as before.
 */
final class ToolSchemaValidator extends DefaultJsonSchemaValidator {

    /** Far above the tools, resources and output schemas a server defines; a guard against unbounded growth. */
    private static final int MAX_SCHEMAS = 1_000;

    private record Identity(Object schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }

    private final Map<Identity, String> keys = new ConcurrentHashMap<>();

    @Override
    protected String generateCacheKey(Map<String, Object> schema) {
        Identity identity = new Identity(schema);
        String key = keys.get(identity);
        if (key == null) {
            key = super.generateCacheKey(schema);
            if (keys.size() >= MAX_SCHEMAS) {
                keys.clear();
            }
            keys.put(identity, key);
        }
        return key;
    }
}
