package io.fluxbase.mcp.vector;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every vector_search test of {@link VectorSearchToolIntegrationTest} again, with candidates from the in-memory HNSW
 * graph instead of the exact scan ({@code vectors.approximate_from: 1}, so the small corpus gets a graph): the same
 * meanings found, the same rows hidden by RLS even when they are the nearest, writes and deletes followed.
 */
class HnswVectorSearchIntegrationTest extends VectorSearchToolIntegrationTest {

    @Override
    TestServer startServer() {
        return TestServer.start(Map.of("FLUXBASE_VECTORS_APPROXIMATE_FROM", "1"));
    }

    @Test
    void statusSaysTheTablesAreSearchedThroughTheGraph() {
        for (String table : List.of("docs", "notes")) {
            TestServer.await(table + " searched through the graph", () ->
                    "hnsw".equals(json(fluxbase("vectors", "status", table, "-o", "json")).get("search")));
        }
        assertThat(fluxbase("vectors", "status", "docs").out()).containsPattern("Search:\\s+hnsw");
    }
}
