package io.fluxbase.mcp.cli.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CliJsonTest {

    private final JsonNode key = CliJson.MAPPER.readTree("""
            {"id":"k1","scopes":["read:tables","read:schema"],"user_id":null,"rate_limit_per_min":60}""");

    @Test
    void prettyPrintsLikeJq() {
        assertThat(CliJson.pretty(CliJson.MAPPER.readTree("{\"keys\":[{\"scopes\":[\"a\",\"b\"]}],\"none\":[],\"o\":{}}")))
                .isEqualTo("""
                        {
                          "keys": [
                            {
                              "scopes": [
                                "a",
                                "b"
                              ]
                            }
                          ],
                          "none": [],
                          "o": {}
                        }""");
    }

    @Test
    void prettyPrintsWithTwoSpaceIndent() {
        assertThat(CliJson.pretty(CliJson.MAPPER.readTree("{\"url\":\"postgresql://x\",\"n\":{\"a\":1}}")))
                .isEqualTo("""
                        {
                          "url": "postgresql://x",
                          "n": {
                            "a": 1
                          }
                        }""");
    }

    @Test
    void readsFieldsAsText() {
        assertThat(CliJson.text(key, "id")).isEqualTo("k1");
        assertThat(CliJson.text(key, "scopes")).isEqualTo("read:tables,read:schema");
        assertThat(CliJson.text(key, "rate_limit_per_min")).isEqualTo("60");
        assertThat(CliJson.text(key, "user_id")).isNull();
        assertThat(CliJson.text(key, "missing")).isNull();
    }
}
