package io.fluxbase.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies that are JSON but not the message MCP expects, sent by a clumsy or hostile client with a valid key and
 * session: each gets HTTP 400 with a JSON-RPC error (-32700, -32600 or -32602) that says what to change in words of
 * ours, leaves exactly one call record, and the server stays healthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedMessagesIntegrationTest {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;

    TestServer server;
    TestServer.Key key;
    String session;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TABLE public.tagged (id int PRIMARY KEY, name text, tags text[]);
                INSERT INTO public.tagged VALUES (1, 'one', '{red,blue}');
                CREATE FUNCTION public.shout(word text) RETURNS text LANGUAGE sql AS 'SELECT upper(word)';
                """);
        key = server.createKey("clumsy", "service", "read:tables", "read:schema", "write:tables", "execute:rpc");
        session = server.initialize(key.secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** name, body, JSON-RPC code, id the error must answer (null: none could be read), words the message must hold. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("params as an array",
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":[\"query_table\"]}",
                        INVALID_PARAMS, 2, new String[] {"params", "tools/call", "object", "an array"}),
                Arguments.of("arguments as a string",
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                                + "\"params\":{\"name\":\"query_table\",\"arguments\":\"table=tasks\"}}",
                        INVALID_PARAMS, 3, new String[] {"params.arguments", "an object", "table=tasks"}),
                Arguments.of("tools/call without params",
                        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\"}",
                        INVALID_PARAMS, 4, new String[] {"tools/call needs params", "name"}),
                Arguments.of("tools/call with params null",
                        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":null}",
                        INVALID_PARAMS, 5, new String[] {"needs params", "name"}),
                Arguments.of("tool name as a number",
                        "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":42}}",
                        INVALID_PARAMS, 6, new String[] {"params.name", "a string", "the number 42"}),
                Arguments.of("resource uri as a number",
                        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"resources/read\",\"params\":{\"uri\":5}}",
                        INVALID_PARAMS, 7, new String[] {"params.uri", "a string"}),
                Arguments.of("a null body", "null", INVALID_REQUEST, null, new String[] {"null", "jsonrpc"}),
                Arguments.of("a number body", "42", INVALID_REQUEST, null, new String[] {"the number 42", "object"}),
                Arguments.of("a string body", "\"ping\"", INVALID_REQUEST, null, new String[] {"\"ping\""}),
                Arguments.of("a boolean body", "true", INVALID_REQUEST, null, new String[] {"true"}),
                Arguments.of("a JSON array body", "[]", INVALID_REQUEST, null, new String[] {"one JSON-RPC message"}),
                Arguments.of("a batch", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", INVALID_REQUEST, null,
                        new String[] {"batch"}),
                Arguments.of("an empty object", "{}", INVALID_REQUEST, null, new String[] {"\"jsonrpc\"", "2.0"}),
                Arguments.of("no method, no result", "{\"jsonrpc\":\"2.0\",\"id\":1}", INVALID_REQUEST, null,
                        new String[] {"method", "result"}),
                Arguments.of("JSON-RPC 1.0", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", INVALID_REQUEST,
                        null, new String[] {"\"jsonrpc\" must be \"2.0\""}),
                Arguments.of("an object as id", "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}",
                        INVALID_REQUEST, null, new String[] {"id", "a string or an integer", "an object"}),
                Arguments.of("a fraction as id", "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
                        INVALID_REQUEST, null, new String[] {"id", "the number 1.5"}),
                Arguments.of("a number as method", "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":5}", INVALID_REQUEST,
                        null, new String[] {"\"method\"", "tools/list"}),
                Arguments.of("a response nobody asked for", "{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{}}",
                        INVALID_REQUEST, null, new String[] {"not waiting", "id 4"}),
                Arguments.of("an error response nobody asked for",
                        "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":1,\"message\":\"m\"}}", INVALID_REQUEST,
                        null, new String[] {"not waiting", "id 5"}),
                Arguments.of("a response with a malformed error",
                        "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":\"bad\"}", INVALID_REQUEST, null,
                        new String[] {"\"error\"", "integer \"code\""}),
                Arguments.of("a notification with params as a string",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":\"x\"}",
                        INVALID_PARAMS, null, new String[] {"params of notifications/cancelled", "object"}),
                Arguments.of("_meta as a string",
                        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":{\"_meta\":\"x\"}}",
                        INVALID_PARAMS, 9, new String[] {"params._meta"}),
                Arguments.of("text that is not JSON", "{not json", PARSE_ERROR, null,
                        new String[] {"not valid JSON", "line 1"}),
                Arguments.of("JSON nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), PARSE_ERROR, null,
                        new String[] {"too deeply"}),
                Arguments.of("arguments nested 200 deep", "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"query_table\",\"arguments\":{\"table\":" + "[".repeat(200)
                        + "]".repeat(200) + "}}}", PARSE_ERROR, null, new String[] {"more than 100 levels"}),
                Arguments.of("an empty body", "", INVALID_REQUEST, null, new String[] {"empty"}));
    }

    HttpResponse<String> post(String body, String agent, Map<String, String> extra) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("X-Client-Key", key.secret(),
                "Mcp-Session-Id", session, "User-Agent", agent));
        headers.putAll(extra);
        return server.post(body, headers);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isAnswered400WithAClearJsonRpcErrorAndOneRecord(String name, String body, int code, Integer id,
            String[] words) {
        String agent = "malformed-" + UUID.randomUUID();
        HttpResponse<String> response = post(body, agent, Map.of());

        Map<String, Object> error = StreamableHttpTransportIntegrationTest.assertRpcError(response, 400);
        assertThat(error).as(response.body()).containsEntry("code", code);
        assertThat(StreamableHttpTransportIntegrationTest.json(response.body())).as(response.body())
                .containsEntry("id", id);
        assertThat((String) error.get("message")).as(response.body()).contains(words);
        assertThat(response.body()).as("no library's words").doesNotContain("tools.jackson", "com.fasterxml",
                "McpSchema", "JSONRPC", "$", "Exception", "Cannot deserialize", "java.");

        TestServer.await("the record of " + name, () -> server.count(
                "SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = ?", agent) >= 1);
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = ? AND key_id = ?"
                + " AND outcome = 'invalid' AND category = 'mcp'", agent, key.id())).as("one record, the key's")
                .isOne();
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = ?", agent)).isOne();
    }

    /** name, tool, its arguments (JSON), the argument the refusal must name. */
    static Stream<Arguments> argumentsPostgresCannotTake() {
        return Stream.of(
                Arguments.of("NUL in a filter value", "query_table",
                        "{\"table\":\"tagged\",\"filter\":{\"name\":\"eq.o\\u0000ne\"}}", "filter.name"),
                Arguments.of("NUL in a function name", "invoke_rpc", "{\"name\":\"sho\\u0000ut\"}", "name"),
                Arguments.of("NUL in a function argument", "invoke_rpc",
                        "{\"name\":\"shout\",\"params\":{\"word\":\"a\\u0000b\"}}", "params.word"),
                Arguments.of("NUL in an update filter", "update_record", "{\"table\":\"tagged\","
                        + "\"data\":{\"name\":\"x\"},\"filter\":{\"name\":\"eq.\\u0000\"}}", "filter.name"),
                Arguments.of("NUL in a column name of a row", "insert_record",
                        "{\"table\":\"tagged\",\"data\":[{\"id\":9,\"na\\u0000me\":\"x\"}]}", "data[0]"),
                Arguments.of("in. on an array column", "query_table",
                        "{\"table\":\"tagged\",\"filter\":{\"tags\":\"in.(red,green)\"}}", "filter.tags"),
                Arguments.of("in. on an array column of a delete", "delete_record",
                        "{\"table\":\"tagged\",\"filter\":{\"tags\":\"in.(red)\"}}", "filter.tags"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argumentsPostgresCannotTake")
    @SuppressWarnings("unchecked")
    void argumentsPostgresCannotTakeAreToolErrorsNamingTheArgument(String name, String tool, String arguments,
            String argument) {
        String agent = "pg-refusal-" + UUID.randomUUID();
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":31,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}", agent, Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> result = (Map<String, Object>) StreamableHttpTransportIntegrationTest.json(
                response.body()).get("result");
        assertThat(result).as(response.body()).containsEntry("isError", true);
        String text = (String) ((Map<String, Object>) ((java.util.List<Object>) result.get("content")).get(0))
                .get("text");
        assertThat(text).startsWith(argument);
        assertThat(response.body()).as("nothing of PostgreSQL's own words").doesNotContain("invalid byte sequence",
                "0x00", "UTF8", "ERROR:", "SQLState", "r2dbc", "postgresql");
        TestServer.await("the record of " + name, () -> server.count(
                "SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = ?", agent) >= 1);
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE user_agent = ? AND target = ?"
                + " AND outcome = 'error' AND error_code = 'invalid_argument'",
                agent, tool)).isOne();
        assertThat(server.count("SELECT count(*) FROM public.tagged")).as("nothing was written").isOne();
    }

    @Test
    void aNestedCapabilityOfTheWrongTypeIsNamed() {
        HttpResponse<String> response = server.post("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{"sampling":"yes please"},"clientInfo":{"name":"x","version":"1"}}}""",
                Map.of("X-Client-Key", key.secret()));
        Map<String, Object> error = StreamableHttpTransportIntegrationTest.assertRpcError(response, 400);
        assertThat(error).containsEntry("code", INVALID_PARAMS);
        assertThat((String) error.get("message")).contains("params.capabilities.sampling", "initialize");
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
    }

    @Test
    void initializeWithParamsOfTheWrongShapeStartsNoSession() {
        SoftAssertions soft = new SoftAssertions();
        for (String params : new String[] {"[1]", "{}", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{}}",
                "{\"protocolVersion\":20251125,\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}",
                "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"version\":\"1\"}}"}) {
            HttpResponse<String> response = server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                    + "\"params\":" + params + "}", Map.of("X-Client-Key", key.secret()));
            soft.assertThat(response.statusCode()).as(params + ": " + response.body()).isEqualTo(400);
            soft.assertThat(response.body()).as(params).contains("-32602").contains("initialize")
                    .doesNotContain("Exception", "McpSchema", "tools.jackson");
            soft.assertThat(response.headers().firstValue("Mcp-Session-Id")).as(params).isEmpty();
        }
        soft.assertAll();
    }

    /** What a client calls itself is kept with its session and copied into each of its calls' records. */
    @Test
    void initializeWithAClientNameOrVersionLongerThan256CharactersStartsNoSession() {
        String longest = "n".repeat(256);
        for (String[] clientInfo : new String[][] {{longest + "n", "1", "clientInfo.name"},
                {"x", "1.".repeat(200), "clientInfo.version"}}) {
            String agent = "long-client-" + UUID.randomUUID();
            HttpResponse<String> response = server.post(initialize(clientInfo[0], clientInfo[1]),
                    Map.of("X-Client-Key", key.secret(), "User-Agent", agent));
            Map<String, Object> error = StreamableHttpTransportIntegrationTest.assertRpcError(response, 400);
            assertThat(error).containsEntry("code", INVALID_PARAMS);
            assertThat((String) error.get("message")).as(response.body())
                    .contains("params." + clientInfo[2], "initialize", "at most 256 characters");
            assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
            TestServer.await("the refusal's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE user_agent = ? AND error_code = 'invalid_params' AND client_name IS NULL", agent) == 1);
        }

        HttpResponse<String> atTheLimit = server.post(initialize(longest, "v".repeat(256)),
                Map.of("X-Client-Key", key.secret(), "User-Agent", "longest-client"));
        assertThat(atTheLimit.statusCode()).as(atTheLimit.body()).isEqualTo(200);
        assertThat(atTheLimit.headers().firstValue("Mcp-Session-Id")).isPresent();
        TestServer.await("the initialize's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE user_agent = 'longest-client' AND client_name = ?", longest) == 1);
    }

    /** The capabilities are kept with the session too: an initialize message is bounded whole. */
    @Test
    void initializeWithCapabilitiesOfMoreThan64KiBStartsNoSession() {
        String large = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{\"experimental\":{\"x\":{\"blob\":\"" + "b".repeat(70_000)
                + "\"}}},\"clientInfo\":{\"name\":\"big\",\"version\":\"1\"}}}";
        HttpResponse<String> response = server.post(large, Map.of("X-Client-Key", key.secret()));
        Map<String, Object> error = StreamableHttpTransportIntegrationTest.assertRpcError(response, 400);
        assertThat(error).containsEntry("code", INVALID_PARAMS);
        assertThat((String) error.get("message")).as(response.body())
                .contains("initialize", "at most 65536 characters", "experimental");
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();

        HttpResponse<String> smaller = server.post(large.replace("b".repeat(70_000), "b".repeat(60_000)),
                Map.of("X-Client-Key", key.secret()));
        assertThat(smaller.statusCode()).as(smaller.body()).isEqualTo(200);
        assertThat(smaller.headers().firstValue("Mcp-Session-Id")).isPresent();
    }

    static String initialize(String name, String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"" + name + "\",\"version\":\""
                + version + "\"}}}";
    }

    /**
     * A body of empty objects costs the parser about 30 bytes of heap per byte, before the key is known: one message
     * of 8 MiB would hold over 250 MB. Past half a million tokens it is refused as too large, unparsed further.
     */
    @Test
    void aMessageOfTooManyValuesIsRefusedAsTooLarge() {
        HttpResponse<String> tooMany = post(insertOf(300_000), "many-values", Map.of());
        Map<String, Object> error = StreamableHttpTransportIntegrationTest.assertRpcError(tooMany, 413);
        assertThat((String) error.get("message")).as(tooMany.body())
                .contains("more than 500000 JSON tokens", "fewer rows");
        TestServer.await("the refusal's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE user_agent = 'many-values' AND error_code = 'body_too_large'") == 1);

        HttpResponse<String> fewer = post(insertOf(200_000), "fewer-values", Map.of());
        assertThat(fewer.body()).as("parsed, and refused by the tool's own limit").contains("at most 1000 rows");
    }

    static String insertOf(int emptyRows) {
        return "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"insert_record\","
                + "\"arguments\":{\"table\":\"tagged\",\"data\":[" + String.join(",", java.util.Collections.nCopies(
                emptyRows, "{}")) + "]}}}";
    }

    @Test
    void aWrongKeyWithAMalformedBodyIsToldAboutTheKeyFirst() {
        HttpResponse<String> response = server.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":[1]}", Map.of("X-Client-Key", "fbk_not-a-real-key"));
        StreamableHttpTransportIntegrationTest.assertRpcError(response, 401);
    }

    @Test
    void theServerStaysHealthyAndTheSessionUsable() {
        for (Arguments malformed : malformed().toList()) {
            post((String) malformed.get()[1], "burst", Map.of());
        }
        HttpResponse<String> ping = post("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"ping\"}", "after", Map.of());
        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        assertThat(ping.body()).contains("\"id\":77").contains("\"result\"");
        HttpResponse<String> health = server.send(HttpRequest.newBuilder(URI.create(server.mcpUrl() + "/health"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"healthy\"");
    }
}
