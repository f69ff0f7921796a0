package io.fluxbase.mcp.edge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TreeReadingJsonMapperTest {

    private final JsonMapper jackson = JsonMapper.builder().build();
    private final TreeReadingJsonMapper mapper = new TreeReadingJsonMapper(jackson);
    private final JacksonMcpJsonMapper sdk = new JacksonMcpJsonMapper(jackson);

    private JsonNode tree(String json) {
        return jackson.readTree(json);
    }

    @Test
    void readsParamsIntoTheSameRequestTheSdksConversionMakes() {
        JsonNode params = tree("""
                {"name":"query_table","arguments":{"table":"gadgets","filter":{"id":{"eq":1}},"limit":5,
                 "columns":["id","name"]},"_meta":{"progressToken":"p-1"}}""");

        McpSchema.CallToolRequest read = mapper.convertValue(params, new TypeRef<McpSchema.CallToolRequest>() {
        });

        assertThat(read).isEqualTo(sdk.convertValue(params, new TypeRef<McpSchema.CallToolRequest>() {
        }));
        assertThat(read.name()).isEqualTo("query_table");
        assertThat(read.arguments()).containsEntry("limit", 5).containsEntry("table", "gadgets");
        assertThat(read.progressToken()).isEqualTo("p-1");
        assertThat(mapper.convertValue(params, McpSchema.CallToolRequest.class)).isEqualTo(read);
        assertThat(read.arguments()).isInstanceOf(ParsedArguments.class);
        assertThat(((ParsedArguments) read.arguments()).tree()).isSameAs(params.get("arguments"));
        assertThatThrownBy(() -> read.arguments().put("table", "other"))
                .as("arguments that keep their tree cannot part from it")
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** Every shape of params, plain or not: the same request, or the same refusal, as the SDK's conversion. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"query_table\",\"arguments\":{\"table\":\"t\"}}",
            "{\"name\":\"list_tables\"}",
            "{\"name\":\"list_tables\",\"arguments\":null,\"_meta\":null}",
            "{\"name\":\"\",\"arguments\":{},\"_meta\":{}}",
            "{\"name\":\"q\",\"arguments\":{\"big\":123456789012345678901234567890,\"long\":12345678901,"
                    + "\"int\":-7,\"float\":1.5e300,\"decimal\":0.1,\"t\":true,\"n\":null,"
                    + "\"s\":\"\\u00e9\\ud83d\\ude00\",\"nested\":[1,[2,{\"a\":[]}],{\"b\":{}}]}}",
            "{\"name\":\"q\",\"arguments\":{\"huge\":1e400,\"negzero\":-0.0,\"one\":1.0,\"over\":2147483648,"
                    + "\"under\":-9223372036854775809,\"max\":9223372036854775807,\"e\":1E-7,\"a\":[null,false,\"\"]}}",
            "{\"name\":\"q\",\"arguments\":{},\"task\":{\"ttl\":5},\"extra\":[1,2]}",
            "{\"arguments\":{\"table\":\"t\"}}",
            "{\"name\":5,\"arguments\":{}}",
            "{\"name\":null,\"arguments\":{}}",
            "{\"name\":\"q\",\"arguments\":[1]}",
            "{\"name\":\"q\",\"arguments\":\"text\"}",
            "{\"name\":\"q\",\"_meta\":[]}",
            "{\"name\":[\"q\"]}",
            "[]", "\"text\"", "null"})
    void anyParamsComeOutAsTheSdksConversionMakesThem(String json) {
        JsonNode params = tree(json);
        TypeRef<McpSchema.CallToolRequest> type = new TypeRef<>() {
        };
        Object expected;
        try {
            expected = sdk.convertValue(params, type);
        } catch (IllegalArgumentException e) {
            expected = e.getCause().getMessage(); // the SDK's own message is the cause's class and message
        }
        Object read;
        try {
            read = mapper.convertValue(params, type);
        } catch (IllegalArgumentException e) {
            read = e.getCause().getMessage();
        }
        assertThat(read).isEqualTo(expected);
        if (read instanceof McpSchema.CallToolRequest request && request.arguments() != null) {
            assertThat(new LinkedHashMap<>(request.arguments())).as("the arguments' values of the same types")
                    .usingRecursiveComparison().withStrictTypeChecking()
                    .isEqualTo(new LinkedHashMap<>(((McpSchema.CallToolRequest) expected).arguments()));
        }
    }

    @Test
    void paramsOfTheWrongTypeFailAsAConversionDoesNamingTheField() {
        JsonNode params = tree("{\"name\":\"query_table\",\"arguments\":5}");

        assertThatThrownBy(() -> mapper.convertValue(params, new TypeRef<McpSchema.CallToolRequest>() {
        }))
                .isInstanceOf(IllegalArgumentException.class)
                .cause().isInstanceOf(JacksonException.class)
                .satisfies(cause -> assertThat(((JacksonException) cause).getPath())
                        .anySatisfy(step -> assertThat(step.getPropertyName()).isEqualTo("arguments")));
    }

    @Test
    void valuesThatAreNotTreesAreConvertedAsBefore() {
        Map<String, Object> params = Map.of("name", "list_tables", "arguments", Map.of());

        assertThat(mapper.convertValue(params, McpSchema.CallToolRequest.class).name()).isEqualTo("list_tables");
    }
}
