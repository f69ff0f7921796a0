package io.fluxbase.mcp.vector;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * The pgvector path: on a PostgreSQL that offers the {@code vector} extension the embeddings get a vector column and
 * an HNSW index, and candidates come from SQL. The embedded database has no pgvector (nor do zonky's binaries), so
 * this runs only against one given as {@code FLUXBASE_TEST_PGVECTOR_URL} (e.g. the docker-compose database) and is
 * skipped, as an assumption, everywhere else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgvectorSearchIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        String url = System.getenv("FLUXBASE_TEST_PGVECTOR_URL");
        assumeTrue(url != null && !url.isBlank(), "FLUXBASE_TEST_PGVECTOR_URL is not set: no PostgreSQL with"
                + " pgvector to test against (the embedded one has none)");
        server = TestServer.start(Map.of("FLUXBASE_DATABASE_URL", url));
        assumeTrue(server.count("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'") == 1,
                "the database at FLUXBASE_TEST_PGVECTOR_URL does not offer the vector extension");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void candidatesComeFromAnHnswIndexAndRlsStillDecides() {
        server.applySql("""
                DROP TABLE IF EXISTS public.pg_docs;
                CREATE TABLE public.pg_docs (id int PRIMARY KEY, owner uuid NOT NULL, body text);
                ALTER TABLE public.pg_docs ENABLE ROW LEVEL SECURITY;
                CREATE POLICY own ON public.pg_docs FOR SELECT USING (auth.uid() = owner);
                GRANT SELECT ON public.pg_docs TO anon, authenticated;
                INSERT INTO public.pg_docs VALUES
                    (1, '11111111-1111-1111-1111-111111111111', 'How to reset a forgotten password'),
                    (2, '22222222-2222-2222-2222-222222222222', 'Resetting your password step by step'),
                    (3, '11111111-1111-1111-1111-111111111111', 'The cat sat on the warm windowsill');
                """);
        json(FluxbaseCommand.run(server, "vectors", "enable", "--table", "pg_docs", "--column", "body", "--wait",
                "-o", "json"));
        McpSyncClient ann = server.client(server.createKey(Map.of("name", "ann", "type", "anon", "scopes",
                List.of("read:vectors"), "user_id", "11111111-1111-1111-1111-111111111111")).secret());
        TestServer.await("the HNSW index", () -> server.count("SELECT count(*) FROM pg_indexes WHERE schemaname ="
                + " 'fluxbase' AND indexdef LIKE '%hnsw%pg_docs%'") == 1);
        List<Map<String, Object>> rows = (List<Map<String, Object>>) ok(ann.callTool(new McpSchema.CallToolRequest(
                "vector_search", Map.of("table", "pg_docs", "query", "I can't remember my login credentials"))))
                .get("rows");
        assertThat(rows).extracting(row -> row.get("id")).containsExactly(1, 3);
        server.applySql("DROP TABLE public.pg_docs");
    }
}
