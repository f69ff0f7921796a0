package io.fluxbase.mcp.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new project's log grows from nothing by thousands of records a minute, and PostgreSQL keeps a reused statement's
 * plan until the next ANALYZE. The chain reads each batch's records back by id: planned once while the log was small,
 * that read would go on scanning the whole log at every batch, a cost that grows with the log.
 */
class ChainReadBackIntegrationTest {

    static final String CHAINED = "SELECT count(*) FROM fluxbase.log_chain";

    @Test
    void aLogThatGrewSinceTheChainStartedIsReadBackByIndexNotScannedWhole() throws SQLException {
        try (TestServer server = TestServer.start(Map.of())) {
            server.applySql("CREATE TABLE public.widgets (id int PRIMARY KEY); INSERT INTO public.widgets VALUES (1);");
            McpSyncClient client = server.client(server.createKey("grower", "service", "read:tables").secret());
            ChainedLogs.awaitChained(server, 0);
            // one record per batch, enough batches for the read-back's statement to be reused with a kept plan
            for (int i = 0; i < 12; i++) {
                callAndAwaitChained(server, client);
            }
            // The log grows by rows that are never committed: its pages are there for the planner, and no processor
            // ever sees a row (their indexes are below every record's).
            try (Connection owner = server.database(); Statement sql = owner.createStatement()) {
                owner.setAutoCommit(false);
                sql.execute("""
                        INSERT INTO fluxbase.domain_event_entry (global_index, aggregate_identifier, sequence_number,
                            event_identifier, payload, payload_type, time_stamp)
                        SELECT -g, 'filler-' || g, 0, 'filler-' || g, convert_to(repeat('x', 400), 'UTF8'), 'filler',
                            '2026-01-01T00:00:00Z'
                        FROM generate_series(1, 40000) g""");
                long pages = server.count("SELECT pg_relation_size('fluxbase.domain_event_entry')"
                        + " / current_setting('block_size')::int");
                long before = logPagesRead(server);
                callAndAwaitChained(server, client);
                long read = logPagesRead(server) - before;
                owner.rollback();
                assertThat(read).as("pages of the log (%d in all) read while one record was chained", pages)
                        .isLessThan(pages / 4);
            }
        }
    }

    private static void callAndAwaitChained(TestServer server, McpSyncClient client) {
        long chained = server.count(CHAINED);
        client.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "widgets")));
        TestServer.await("the call's record is chained", () -> server.count(CHAINED) > chained);
    }

    /**
     * Heap pages of the log read so far by every session, once the chain's session has reported its batches:
     * PostgreSQL reports a session's counts about once a second, its chain rows with the pages its batch read.
     */
    private static long logPagesRead(TestServer server) {
        TestServer.await("the chain's statistics are reported", () -> server.count("""
                SELECT n_tup_ins FROM pg_stat_all_tables WHERE relid = 'fluxbase.log_chain'::regclass""")
                >= server.count(CHAINED));
        return server.count("""
                SELECT heap_blks_read + heap_blks_hit FROM pg_statio_all_tables
                WHERE relid = 'fluxbase.domain_event_entry'::regclass""");
    }
}
