package io.fluxbase.mcp.vector;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code vectors.provider: openai} against a small OpenAI-compatible embeddings server started here (JDK HttpServer on
 * 127.0.0.1): its vectors are a bag of words hashed into 64 dimensions, so rows sharing words are nearest. When it
 * fails, vector_search says so as a tool error and the server keeps serving; when it is back, so is search.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiEmbeddingsIntegrationTest {

    static final int DIMENSIONS = 64;

    HttpServer provider;
    final AtomicBoolean down = new AtomicBoolean();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    TestServer server;
    McpSyncClient client;

    @BeforeAll
    void start() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/v1/embeddings", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Map<String, Object> request = TestServer.JSON.readValue(exchange.getRequestBody().readAllBytes(),
                    Map.class);
            byte[] body;
            int status;
            if (down.get()) {
                status = 503;
                body = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            } else {
                List<Map<String, Object>> data = new ArrayList<>();
                List<?> input = (List<?>) request.get("input");
                for (int i = 0; i < input.size(); i++) {
                    data.add(Map.of("object", "embedding", "index", i, "embedding", bagOfWords((String) input.get(i))));
                }
                status = 200;
                body = TestServer.JSON.writeValueAsBytes(Map.of("object", "list", "data", data,
                        "model", request.get("model")));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        server = TestServer.start(Map.of("FLUXBASE_VECTORS_PROVIDER", "openai",
                "FLUXBASE_VECTORS_OPENAI_BASE_URL", "http://127.0.0.1:" + provider.getAddress().getPort() + "/v1",
                "FLUXBASE_VECTORS_OPENAI_MODEL", "bag-of-words", "FLUXBASE_VECTORS_OPENAI_API_KEY", "sk-test"));
        server.applySql("""
                CREATE TABLE public.fruit (id int PRIMARY KEY, name text);
                GRANT SELECT, INSERT ON public.fruit TO anon, authenticated;
                INSERT INTO public.fruit VALUES (1, 'apple banana cherry'), (2, 'carrot potato onion'),
                    (3, 'salmon tuna cod');
                """);
        client = server.client(server.createKey(Map.of("name", "reader", "type", "anon", "scopes",
                List.of("read:vectors", "read:tables", "write:tables"), "rate_limit_per_min", 100_000)).secret());
        json(FluxbaseCommand.run(server, "vectors", "enable", "--table", "fruit", "--column", "name", "--wait",
                "-o", "json"));
    }

    @AfterAll
    void stop() {
        server.close();
        provider.stop(0);
    }

    static List<Double> bagOfWords(String text) {
        double[] vector = new double[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
            if (!word.isEmpty()) {
                vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        List<Double> values = new ArrayList<>();
        for (double v : vector) {
            values.add(v);
        }
        return values;
    }

    McpSchema.CallToolResult search(String query) {
        return client.callTool(new McpSchema.CallToolRequest("vector_search", Map.of("table", "fruit", "query", query,
                "match_count", 1)));
    }

    @SuppressWarnings("unchecked")
    @Test
    void rowsAreEmbeddedAndSearchedByTheConfiguredEndpoint() {
        TestServer.await("the fruit row", () -> !((List<?>) ok(search("cherry")).get("rows")).isEmpty());
        assertThat(((List<Map<String, Object>>) ok(search("tuna")).get("rows")).getFirst()).containsEntry("id", 3);
        Map<String, Object> status = json(FluxbaseCommand.run(server, "vectors", "status", "fruit", "-o", "json"));
        assertThat(status).containsEntry("model", "bag-of-words");
        assertThat(((Number) status.get("embedded")).intValue()).isGreaterThanOrEqualTo(3);
        assertThat(authorizations).isNotEmpty().allMatch("Bearer sk-test"::equals);
    }

    @Test
    void aProviderThatIsDownIsAToolErrorAndTheServerKeepsServing() {
        TestServer.await("the fruit row", () -> !((List<?>) ok(search("cherry")).get("rows")).isEmpty());
        down.set(true);
        try {
            String refused = refusal(search("potato"));
            assertThat(refused).contains("embedding provider").contains("tried again");
            // where the provider is and what it said are for the operator (vectors status, the log), not a caller
            assertThat(refused).doesNotContain("127.0.0.1").doesNotContain("503");
            assertThat(ok(client.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "fruit")))))
                    .containsEntry("count", 3);
            server.applySql("INSERT INTO public.fruit VALUES (4, 'grape melon')");
            TestServer.await("the failure in vectors status", () -> json(FluxbaseCommand.run(server, "vectors",
                    "status", "fruit", "-o", "json")).get("last_error") != null);
            // a row written through MCP meanwhile: its change event cannot be embedded, so it waits on the queue
            ok(client.callTool(new McpSchema.CallToolRequest("insert_record", Map.of("table", "fruit",
                    "data", Map.of("id", 5, "name", "lemon lime")))));
            TestServer.await("the MCP row on the queue", () -> server.count("SELECT count(*) FROM"
                    + " fluxbase.vector_queue WHERE table_name = 'public.fruit' AND row_key = '5'") == 1);
        } finally {
            down.set(false);
        }
        for (String[] expected : List.of(new String[] {"melon", "4"}, new String[] {"lime", "5"})) {
            TestServer.await("the queued row " + expected[1] + " after the provider is back", () -> {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> rows = (List<Map<String, Object>>) ok(search(expected[0])).get("rows");
                return !rows.isEmpty() && rows.getFirst().get("id").equals(Integer.valueOf(expected[1]));
            });
        }
        assertThat(json(FluxbaseCommand.run(server, "vectors", "status", "fruit", "-o", "json")))
                .containsEntry("last_error", null).containsEntry("pending", 0);
    }

    @Test
    void aBackfillStartedWhileTheProviderIsDownFailsItsAttemptAndIsRetriedToTheEnd() {
        server.applySql("""
                CREATE TABLE public.veg (id int PRIMARY KEY, name text);
                INSERT INTO public.veg VALUES (1, 'leek kale'), (2, 'pea bean');
                """);
        String jobId;
        down.set(true);
        try {
            jobId = (String) json(FluxbaseCommand.run(server, "vectors", "enable", "--table", "veg", "--column",
                    "name", "-o", "json")).get("backfill_job_id");
            TestServer.await("the failed attempt", () -> job(jobId).get("error") != null);
            Map<String, Object> retrying = job(jobId);
            assertThat((String) retrying.get("error")).contains("503");
            assertThat(retrying.get("status")).isEqualTo("queued");
        } finally {
            down.set(false);
        }
        TestServer.await("the retried backfill", () -> "succeeded".equals(job(jobId).get("status")));
        assertThat(job(jobId)).containsEntry("progress", 100).containsEntry("progress_message",
                "2 of 2 rows embedded").containsEntry("attempts", 2);
    }

    Map<String, Object> job(String jobId) {
        return json(FluxbaseCommand.run(server, "jobs", "get", jobId, "-o", "json"));
    }
}
