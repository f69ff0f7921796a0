package io.fluxbase.mcp.edge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ToolSchemaValidatorTest {

    private static final Map<String, Object> SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of(
                    "table", Map.of("type", "string", "minLength", 1),
                    "limit", Map.of("type", "integer", "minimum", 1),
                    "filter", Map.of("type", "object", "additionalProperties", Map.of("type", "string"))),
            "required", List.of("table"),
            "additionalProperties", false);

    /** An output schema of a tool of ours: a copy of SCHEMA, the same schema in another object. */
    private static final Map<String, Object> OUTPUT = new HashMap<>(SCHEMA);

    private final ToolSchemaValidator ours = new ToolSchemaValidator(List.of(OUTPUT));
    private final DefaultJsonSchemaValidator sdks = new DefaultJsonSchemaValidator();

    static Stream<Object> arguments() {
        return Stream.of(
                Map.of("table", "notes", "limit", 5, "filter", Map.of("id", "eq.1")),
                Map.of("limit", 5),
                Map.of("table", "notes", "limit", "five"),
                Map.of("table", "notes", "limit", 0),
                Map.of("table", "", "extra", true),
                Map.of("table", "notes", "filter", Map.of("id", 1)),
                "{\"table\": \"notes\"}",
                "{\"table\": 7}",
                "{not json");
    }

    @ParameterizedTest
    @MethodSource("arguments")
    void judgesAndExplainsAsTheSdksOwnValidator(Object content) {
        ValidationResponse expected = sdks.validate(SCHEMA, content);
        // asked twice: the second answer comes from the schema compiled for the first
        for (int time = 0; time < 2; time++) {
            ValidationResponse actual = ours.validate(SCHEMA, content);
            assertThat(actual.valid()).isEqualTo(expected.valid());
            assertThat(actual.errorMessage()).isEqualTo(expected.errorMessage());
        }
    }

    /** Arguments as a tools/call's params bring them, numbers of every kind included. */
    static Stream<String> sentArguments() {
        return Stream.of(
                "{\"table\":\"notes\",\"limit\":5,\"filter\":{\"id\":\"eq.1\"}}",
                "{\"limit\":5}",
                "{\"table\":\"notes\",\"limit\":1.0}",
                "{\"table\":\"notes\",\"limit\":0.5}",
                "{\"table\":\"notes\",\"limit\":1e400}",
                "{\"table\":\"notes\",\"limit\":123456789012345678901234567890}",
                "{\"table\":\"notes\",\"limit\":null}",
                "{\"table\":\"\",\"extra\":true}",
                "{\"table\":\"notes\",\"filter\":{\"id\":1}}");
    }

    @ParameterizedTest
    @MethodSource("sentArguments")
    void judgesSentArgumentsByTheirOwnTreeAsTheSdkJudgesTheirMap(String sent) {
        JsonMapper jackson = JsonMapper.builder().build();
        JsonNode params = jackson.readTree("{\"name\":\"query_table\",\"arguments\":" + sent + "}");
        Map<String, Object> arguments = new TreeReadingJsonMapper(jackson)
                .convertValue(params, new TypeRef<McpSchema.CallToolRequest>() {
                }).arguments();
        assertThat(arguments).isInstanceOf(ParsedArguments.class);

        ValidationResponse expected = sdks.validate(SCHEMA, new LinkedHashMap<>(arguments));
        ValidationResponse actual = ours.validate(SCHEMA, arguments);
        assertThat(actual.valid()).isEqualTo(expected.valid());
        assertThat(actual.errorMessage()).isEqualTo(expected.errorMessage());
    }

    @ParameterizedTest
    @MethodSource("arguments")
    void passesWhatOurOwnToolsReturnAndStillChecksTheSameSchemaHeldElsewhere(Object content) {
        assertThat(ours.validate(OUTPUT, content).valid()).isTrue();
        assertThat(ours.validate(SCHEMA, content).valid()).isEqualTo(sdks.validate(SCHEMA, content).valid());
    }
}
