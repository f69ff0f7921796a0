package io.fluxbase.mcp.server;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a user's assistant typically does, run against a throwaway server: a table under a row-level security policy,
 * a user-bound key, then reads by id, inserts, the schema resource and the tool list from a few concurrent MCP
 * sessions through the official client. A JVM recording its ahead-of-time cache during this run loads, links and
 * profiles the classes of the call path, so a server started from that cache answers at speed sooner.
 */
final class TrainingWorkload {

    static final String USER = "11111111-1111-1111-1111-111111111111";
    private static final int ROWS = 1_000;
    private static final int SESSIONS = 4;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String SCHEMA = """
            CREATE TABLE public.training_items (id int PRIMARY KEY, owner uuid NOT NULL, title text NOT NULL,
                amount numeric);
            INSERT INTO public.training_items SELECT g, '%1$s', 'item ' || g, g * 1.5 FROM generate_series(1, %2$d) g;
            ALTER TABLE public.training_items ENABLE ROW LEVEL SECURITY;
            CREATE POLICY "Users see own items" ON public.training_items FOR SELECT USING (auth.uid() = owner);
            CREATE TABLE public.training_notes (id bigserial PRIMARY KEY, owner uuid NOT NULL, body text NOT NULL);
            ALTER TABLE public.training_notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY "Users write own notes" ON public.training_notes FOR INSERT WITH CHECK (auth.uid() = owner);
            CREATE POLICY "Users see own notes" ON public.training_notes FOR SELECT USING (auth.uid() = owner);
            """.formatted(USER, ROWS);

    private final FluxbaseServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    TrainingWorkload(FluxbaseServer server) {
        this.server = server;
    }

    /** Runs {@code calls} tool calls in all, spread over the sessions; returns how many answered without error. */
    int run(int calls) throws Exception {
        admin("/admin/v1/db/apply", Map.of("sql", SCHEMA));
        String key = (String) admin("/admin/v1/clientkeys", Map.of("name", "training", "type", "anon",
                "scopes", List.of("read:tables", "write:tables", "read:schema"), "user_id", USER,
                "rate_limit_per_min", 1_000_000)).get("key");
        AtomicInteger answered = new AtomicInteger();
        try (ExecutorService sessions = Executors.newFixedThreadPool(SESSIONS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                running.add(sessions.submit(() -> session(key, calls / SESSIONS, answered)));
            }
            for (Future<?> session : running) {
                session.get();
            }
        }
        return answered.get();
    }

    private Void session(String key, int calls, AtomicInteger answered) {
        try (McpSyncClient client = client(key)) {
            client.initialize();
            client.listTools();
            client.readResource(new McpSchema.ReadResourceRequest("schema://tables"));
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < calls; i++) {
                McpSchema.CallToolResult result = i % 4 == 3
                        ? client.callTool(new McpSchema.CallToolRequest("insert_record", Map.of(
                                "table", "training_notes", "data", Map.of("owner", USER, "body", "note " + i))))
                        : client.callTool(new McpSchema.CallToolRequest("query_table", Map.of(
                                "table", "training_items", "filter", Map.of("id", "eq." + random.nextInt(1, ROWS + 1)))));
                if (!Boolean.TRUE.equals(result.isError())) {
                    answered.incrementAndGet();
                }
            }
        }
        return null;
    }

    private McpSyncClient client(String key) {
        String url = server.mcpUrl();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        url.substring(0, url.indexOf('/', "http://".length())))
                .endpoint(URI.create(url).getPath())
                .requestBuilder(HttpRequest.newBuilder().header("X-Client-Key", key))
                .build();
        return McpClient.sync(transport).clientInfo(new McpSchema.Implementation("fluxbase-training", "1.0"))
                .requestTimeout(Duration.ofSeconds(60)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> admin(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + server.adminToken())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the training server answered " + response.statusCode() + " to POST "
                    + path + ": " + response.body());
        }
        return JSON.readValue(response.body(), Map.class);
    }
}
