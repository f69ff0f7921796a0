package io.fluxbase.mcp.edge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
