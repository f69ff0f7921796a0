package io.fluxbase.mcp.edge.server;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks tool arguments and structured results against their schemas as the SDK's validator does (the same JSON
 * Schema 2020-12 engine and the same messages), minus two costs it has on every call: it finds a tool's compiled
 * schema by the schema's whole text, printed anew each time, and it prints every value it found valid. Tool schemas
 * are built once and never change, so the compiled schema is kept per schema object, looked up by identity. The SDK
 * uses the printed value only as the text of a result that has none, and every result with structured content this
 * server gives carries its text already ({@code ToolResults.structured}); so a valid value is not printed.
 *
 * <p>The results of the catalogue's own tools are not checked again on every call: their output schemas are given
 * ({@code ours}) and pass as they are. Those results are built by the tools to their schemas, and the tool contract
 * test checks each one against its listed schema with the SDK's own validator; what a client sends, and what tools
 * an embedding application adds return, is still checked here.
 */
final class ToolSchemaValidator implements JsonSchemaValidator {

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

    private final JsonMapper json = JsonMapper.shared();
    private final Set<Identity> ours;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
    private final Map<Identity, Schema> compiled = new ConcurrentHashMap<>();
    /** Checks a tool's own schema when the tool is registered, once. */
    private final DefaultJsonSchemaValidator schemaChecks = new DefaultJsonSchemaValidator();

    /** {@code ours}: the output schemas of the catalogue's tools, the very objects their definitions hold. */
    ToolSchemaValidator(Collection<Map<String, Object>> ours) {
        this.ours = ours.stream().map(Identity::new).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object content) {
        if (schema == null) {
            throw new IllegalArgumentException("Schema must not be null");
        }
        if (content == null) {
            throw new IllegalArgumentException("Structured content must not be null");
        }
        if (ours.contains(new Identity(schema))) {
            return ValidationResponse.asValid(null);
        }
        try {
            JsonNode value = switch (content) {
                case ParsedArguments arguments -> arguments.tree();
                case String text -> json.readTree(text);
                default -> json.valueToTree(content);
            };
            List<Error> errors = compiled(schema).validate(value);
            if (!errors.isEmpty()) {
                return ValidationResponse.asInvalid("Validation failed: JSON schema validation errors: " + errors);
            }
            return ValidationResponse.asValid(null);
        } catch (JacksonException e) {
            return ValidationResponse.asInvalid("Error parsing tool JSON Schema: " + e.getMessage());
        } catch (RuntimeException e) {
            return ValidationResponse.asInvalid("Unexpected validation error: " + e.getMessage());
        }
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return schemaChecks.validateSchema(schema);
    }

    private Schema compiled(Map<String, Object> schema) {
        Identity identity = new Identity(schema);
        Schema found = compiled.get(identity);
        if (found == null) {
            found = registry.getSchema(json.valueToTree(schema));
            if (compiled.size() >= MAX_SCHEMAS) {
                compiled.clear();
            }
            compiled.put(identity, found);
        }
        return found;
    }
}
