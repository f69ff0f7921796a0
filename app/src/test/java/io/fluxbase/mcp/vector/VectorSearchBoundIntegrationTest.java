package io.fluxbase.mcp.vector;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A key that may read few of a table's rows: vector_search checks at most vectors.max_candidates of the nearest rows
 * against its policies (4 here), and says so, rather than having every row of the table checked and held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorSearchBoundIntegrationTest {

    static final String ANN = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    TestServer server;
    McpSyncClient ann;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_VECTORS_MAX_CANDIDATES", "4"));
        StringBuilder sql = new StringBuilder("""
                CREATE TABLE public.notes (id int PRIMARY KEY, owner uuid NOT NULL, body text);
                ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own notes" ON public.notes FOR SELECT USING (auth.uid() = owner);
                GRANT SELECT ON public.notes TO anon, authenticated;
                INSERT INTO public.notes VALUES (1, '%s', 'Planting tomatoes in spring garden soil');
                CREATE TABLE public.big (id int PRIMARY KEY, body text);
                GRANT SELECT ON public.big TO anon, authenticated;
                INSERT INTO public.big VALUES (1, 'Sailing boats ' || repeat('x', 600000));
                """.formatted(ANN));
        for (int i = 0; i < 8; i++) {
            sql.append("INSERT INTO public.notes VALUES (").append(10 + i).append(", '").append(BOB)
                    .append("', 'Fixing the car engine and changing its oil, part ").append(i).append("');\n");
        }
        server.applySql(sql.toString());
        for (String table : List.of("notes", "big")) {
            json(FluxbaseCommand.run(server, "vectors", "enable", "--table", table, "--column", "body", "--wait",
                    "-o", "json"));
        }
        ann = server.client(server.createKey(Map.of("name", "ann", "type", "anon", "scopes",
                List.of("read:vectors", "read:tables"), "user_id", ANN)).secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSearchStopsAtTheNearestRowsItMayCheckAndSaysSo() {
        // bob's eight notes are all nearer to the query than ann's one: the four nearest hold none of hers
        Map<String, Object> answer = ok(ann.callTool(new McpSchema.CallToolRequest("vector_search",
                Map.of("table", "notes", "query", "car engine oil change", "match_count", 1))));
        assertThat((List<Object>) answer.get("rows")).isEmpty();
        assertThat(answer).containsEntry("nearest_checked", 4).containsEntry("truncated", false);

        // a query her note is near is answered as before, without the mark
        Map<String, Object> near = ok(ann.callTool(new McpSchema.CallToolRequest("vector_search",
                Map.of("table", "notes", "query", "gardening vegetables", "match_count", 1))));
        assertThat((List<Map<String, Object>>) near.get("rows")).extracting(row -> row.get("id")).containsExactly(1);
        assertThat(near).doesNotContainKey("nearest_checked");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRowLargerThanTheWholeAnswerIsLeftToTheSelect() {
        // its 600 kB body alone is more than the 512 kB one answer holds
        McpSchema.CallToolResult refused = ann.callTool(new McpSchema.CallToolRequest("vector_search",
                Map.of("table", "big", "query", "sailing")));
        assertThat(refused.isError()).isTrue();
        assertThat(((McpSchema.TextContent) refused.content().get(0)).text())
                .startsWith("select: a row among the nearest is larger than the 524288 bytes");
        Map<String, Object> found = ok(ann.callTool(new McpSchema.CallToolRequest("vector_search",
                Map.of("table", "big", "query", "sailing", "select", "id"))));
        assertThat((List<Map<String, Object>>) found.get("rows")).extracting(row -> row.get("id")).containsExactly(1);
    }
}
