package io.fluxbase.mcp.vector;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.vector.VectorSearchToolIntegrationTest.awaitFound;
import static io.fluxbase.mcp.vector.VectorSearchToolIntegrationTest.rows;
import static io.fluxbase.mcp.vector.VectorSearchToolIntegrationTest.search;
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
 * A project that enables vector search only after it has been writing through MCP: while no table is enabled, the
 * writes' change events are passed over unread; the rows written then are embedded by the table's backfill, and those
 * written after enabling from their change events, as in a project that enabled vectors first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingsBeforeAnyIndexIntegrationTest {

    static final String ANN = "11111111-1111-1111-1111-111111111111";

    TestServer server;
    McpSyncClient ann;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TABLE public.journal (id int PRIMARY KEY, body text NOT NULL);
                GRANT SELECT, INSERT ON public.journal TO anon, authenticated;
                """);
        ann = server.client(server.createKey(Map.of("name", "ann", "type", "anon", "scopes",
                List.of("read:vectors", "read:tables", "write:tables"), "user_id", ANN,
                "rate_limit_per_min", 100_000)).secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void rowsWrittenBeforeTheFirstIndexAreBackfilledAndThoseAfterItEmbeddedFromTheirEvents() {
        insert(1, "Add flour, sugar and eggs, then bake for thirty minutes");
        insert(2, "The train to Paris departs from platform nine");
        Map<String, Object> enabled = json(FluxbaseCommand.run(server, "vectors", "enable", "--table", "journal",
                "--column", "body", "--wait", "-o", "json"));
        assertThat(enabled).containsKey("backfill_job_id");
        awaitFound(ann, "journal", "baking a cake", 2);
        assertThat(rows(search(ann, Map.of("table", "journal", "query", "baking a cake"))).getFirst())
                .containsEntry("id", 1);

        insert(3, "Telescopes for watching distant galaxies");
        awaitFound(ann, "journal", "stargazing equipment", 3);
        assertThat(rows(search(ann, Map.of("table", "journal", "query", "stargazing equipment"))).getFirst())
                .containsEntry("id", 3);
        assertThat(server.count("SELECT count(*) FROM fluxbase.vector_embeddings WHERE table_name = 'public.journal'"
                + " AND embedding IS NOT NULL")).isEqualTo(3);
    }

    private void insert(int id, String body) {
        ok(ann.callTool(new McpSchema.CallToolRequest("insert_record", Map.of("table", "journal",
                "data", Map.of("id", id, "body", body)))));
    }
}
