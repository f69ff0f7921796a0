package io.fluxbase.mcp.edge.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas the fixture tools send (elicitation requests) or advertise (input schemas). */
final class ConformanceSchemas {

    private ConformanceSchemas() {
    }

    /** {@code test_elicitation}: a username and an email address, both required. */
    static Map<String, Object> userInfo() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("username", Map.of("type", "string", "description", "User's response"));
        properties.put("email", Map.of("type", "string", "description", "User's email address"));
        return object(properties, List.of("username", "email"));
    }

    /** {@code test_elicitation_sep1034_defaults}: one field of each primitive type, each with a default. */
    static Map<String, Object> withDefaults() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", Map.of("type", "string", "description", "User name", "default", "John Doe"));
        properties.put("age", Map.of("type", "integer", "description", "User age", "default", 30));
        properties.put("score", Map.of("type", "number", "description", "User score", "default", 95.5));
        properties.put("status", Map.of("type", "string", "description", "User status",
                "enum", List.of("active", "inactive", "pending"), "default", "active"));
        properties.put("verified", Map.of("type", "boolean", "description", "Verification status", "default", true));
        return object(properties, List.of());
    }

    /** {@code test_elicitation_sep1330_enums}: the five enum shapes of SEP-1330. */
    static Map<String, Object> enums() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("untitledSingle", Map.of("type", "string", "description", "Untitled single-select enum",
                "enum", List.of("option1", "option2", "option3")));
        properties.put("titledSingle", Map.of("type", "string", "description", "Titled single-select enum",
                "oneOf", List.of(titled("value1", "First Option"), titled("value2", "Second Option"),
                        titled("value3", "Third Option"))));
        properties.put("legacyEnum", Map.of("type", "string", "description", "Legacy titled enum (enumNames)",
                "enum", List.of("opt1", "opt2", "opt3"),
                "enumNames", List.of("Option One", "Option Two", "Option Three")));
        properties.put("untitledMulti", Map.of("type", "array", "description", "Untitled multi-select enum",
                "items", Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))));
        properties.put("titledMulti", Map.of("type", "array", "description", "Titled multi-select enum",
                "items", Map.of("anyOf", List.of(titled("value1", "First Choice"), titled("value2", "Second Choice"),
                        titled("value3", "Third Choice")))));
        return object(properties, List.of());
    }

    /** {@code json_schema_2020_12_tool}: {@code $schema}, {@code $defs} and {@code additionalProperties: false}. */
    static Map<String, Object> jsonSchema202012() {
        Map<String, Object> address = Map.of("type", "object", "properties",
                Map.of("street", Map.of("type", "string"), "city", Map.of("type", "string")));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put("$defs", Map.of("address", address));
        schema.put("properties",
                Map.of("name", Map.of("type", "string"), "address", Map.of("$ref", "#/$defs/address")));
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> titled(String value, String title) {
        return Map.of("const", value, "title", title);
    }

    private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }
}
