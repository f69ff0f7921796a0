package io.fluxbase.mcp.storage;

import static io.fluxbase.mcp.storage.StorageToolsIntegrationTest.call;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A project's storage policy that drops every statement the drivers keep prepared on its connection (DEALLOCATE), as
 * a function it calls might: the next statement to use one, later in the same read or in a later call on that
 * connection, would fail. File writes and reads go on working for every caller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DroppedStatementsIntegrationTest {

    static final String ALICE = "11111111-1111-1111-1111-111111111111";

    TestServer server;
    McpSyncClient alice;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "dropping"), 201);
        server.applySql("""
                CREATE TABLE public.drops (dropped int NOT NULL);
                GRANT INSERT ON public.drops TO anon, authenticated;
                CREATE FUNCTION public.drop_statements() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
                DECLARE s record; n int := 0;
                BEGIN
                    FOR s IN SELECT name FROM pg_prepared_statements WHERE NOT from_sql LOOP
                        EXECUTE format('DEALLOCATE %I', s.name);
                        n := n + 1;
                    END LOOP;
                    IF n > 0 AND NOT pg_catalog.current_setting('transaction_read_only')::boolean THEN
                        INSERT INTO public.drops VALUES (n);
                    END IF;
                    RETURN true;
                END $$;
                CREATE POLICY "dropping read" ON storage.objects FOR SELECT
                    USING (bucket_id = 'dropping' AND public.drop_statements());
                CREATE POLICY "dropping write" ON storage.objects FOR INSERT
                    WITH CHECK (bucket_id = 'dropping' AND public.drop_statements());
                """);
        alice = server.client(server.createKey(Map.of("name", "alice", "type", "anon",
                "scopes", List.of("read:storage", "write:storage"), "user_id", ALICE)).secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void filesAreWrittenAndReadWhileAPolicyDropsTheDriversStatements() {
        for (int i = 0; i < 20; i++) {
            String path = "f" + i + ".txt";
            ok(call(alice, "upload_file", Map.of("bucket", "dropping", "path", path, "content", "file " + i)));
            Map<String, Object> read = ok(call(alice, "download_file", Map.of("bucket", "dropping", "path", path)));
            assertThat(read.get("content")).as("download %d", i).isEqualTo("file " + i);
            Map<String, Object> page = ok(call(alice, "list_files", Map.of("bucket", "dropping")));
            assertThat((List<Object>) page.get("files")).as("list %d", i).hasSize(i + 1);
        }
        assertThat(server.count("SELECT count(*) FROM public.drops")).as("writes whose policy dropped statements")
                .isPositive();
    }
}
