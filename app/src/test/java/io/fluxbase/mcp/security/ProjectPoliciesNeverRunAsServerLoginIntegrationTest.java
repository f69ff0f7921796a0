package io.fluxbase.mcp.security;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.NonSuperuserCluster;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The server's own login reads some of the project's tables (storage's, for the owner's bucket listing; a
 * vector-enabled table's rows, to embed them). Its login is a member of the tables' owner, so policies pass it by,
 * unless the project forced row-level security on the table: then they would run on the server's login, and a
 * function a policy calls would run with the server's rights, which reach the command log. Tried on a server whose
 * login is not a superuser (superusers skip every policy, so the embedded database never shows this): the project's
 * function never runs as the server's login, and the owner is told which table's forced row-level security stopped
 * the read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectPoliciesNeverRunAsServerLoginIntegrationTest {

    /** A policy's function that notes who ran it and whether it reached the server's schema, named at run time. */
    static final String WATCHER = """
            CREATE TABLE public.policy_runs (login text NOT NULL, reached_log boolean NOT NULL);
            CREATE FUNCTION public.watch_who_reads() RETURNS boolean LANGUAGE plpgsql AS $$
            DECLARE reached boolean := false;
            BEGIN
                BEGIN
                    EXECUTE format('SELECT count(*) >= 0 FROM %I.key_registry', 'flux' || 'base') INTO reached;
                EXCEPTION WHEN insufficient_privilege THEN
                    reached := false;
                END;
                INSERT INTO public.policy_runs (login, reached_log) VALUES (session_user, reached);
                RETURN true;
            END $$;
            """;

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.startAsNonSuperuser();
        server.applySql(WATCHER);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void noProjectCodeRanAsTheServer() {
        assertThat(server.rows("SELECT login, reached_log FROM public.policy_runs WHERE login = ?",
                NonSuperuserCluster.SERVER_LOGIN)).as("the project's function ran as the server's own login").isEmpty();
    }

    @Test
    void theServersLoginIsNoSuperuser() {
        assertThat(server.count("SELECT count(*) FROM pg_roles WHERE rolname = current_user AND NOT rolsuper"
                + " AND NOT rolbypassrls AND rolcreaterole")).isOne();
    }

    @Test
    void bucketListingRefusesStorageObjectsWithForcedRowSecurityInsteadOfRunningItsPolicy() {
        server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "watched"), 201);
        upload("watched", "a.txt", "hello");
        server.applySql("""
                ALTER TABLE storage.objects FORCE ROW LEVEL SECURITY;
                CREATE POLICY "watched" ON storage.objects FOR SELECT USING (public.watch_who_reads());
                """);
        try {
            HttpResponse<String> listed = server.adminRaw("GET", "/admin/v1/storage/buckets", null);
            assertThat(listed.body()).as("status %s", listed.statusCode())
                    .contains("storage.objects").contains("forced row-level security");
            assertThat(listed.statusCode()).isEqualTo(409);
            HttpResponse<String> one = server.adminRaw("GET", "/admin/v1/storage/buckets/watched", null);
            assertThat(one.statusCode()).isEqualTo(409);
            assertThat(one.body()).contains("storage.objects").contains("forced row-level security");
            // a key's upload to a bucket that does not exist is still told which buckets there are
            McpSyncClient uploader = server.client(server.createKey("uploader", "service", "write:storage").secret());
            assertThat(refusal(uploader.callTool(new McpSchema.CallToolRequest("upload_file", Map.of("bucket",
                    "nowhere", "path", "a.txt", "content", "x"))))).isEqualTo("bucket: there is no bucket 'nowhere';"
                    + " buckets are watched");
        } finally {
            server.applySql("ALTER TABLE storage.objects NO FORCE ROW LEVEL SECURITY;");
        }
        // not forced, the server's login (a member of the owner) reads the table without its policies, as before
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buckets = (List<Map<String, Object>>) server.admin("GET",
                "/admin/v1/storage/buckets", null, 200).get("buckets");
        assertThat(buckets).singleElement().satisfies(bucket -> assertThat(bucket).containsEntry("name", "watched")
                .containsEntry("files", 1));
    }

    @Test
    void embeddingRefusesAVectorTableWithForcedRowSecurityInsteadOfRunningItsPolicy() {
        server.applySql("""
                CREATE TABLE public.watched_docs (id int PRIMARY KEY, body text);
                INSERT INTO public.watched_docs VALUES (1, 'first'), (2, 'second');
                ALTER TABLE public.watched_docs ENABLE ROW LEVEL SECURITY;
                ALTER TABLE public.watched_docs FORCE ROW LEVEL SECURITY;
                CREATE POLICY "watched" ON public.watched_docs FOR SELECT USING (public.watch_who_reads());
                CREATE POLICY "writable" ON public.watched_docs FOR INSERT WITH CHECK (true);
                """);
        json(FluxbaseCommand.run(server, "vectors", "enable", "--table", "watched_docs", "--column", "body", "-o",
                "json"));
        String backfill = TestServer.await("the backfill's error", Duration.ofSeconds(60), () -> server.rows(
                "SELECT error FROM fluxbase.job_status WHERE name = 'vector_backfill' AND error IS NOT NULL").stream()
                .map(row -> (String) row.get("error")).findFirst().orElse(null));
        assertThat(backfill).contains("public.watched_docs").contains("forced row-level security");

        // a row written later goes through the queue: its error is the index's, shown by 'vectors status'
        server.applySql("INSERT INTO public.watched_docs VALUES (3, 'third');");
        String queue = TestServer.await("the queue's error", Duration.ofSeconds(60), () -> server.rows(
                "SELECT last_error FROM fluxbase.vector_indexes WHERE table_name = 'public.watched_docs'"
                        + " AND last_error IS NOT NULL").stream()
                .map(row -> (String) row.get("last_error")).findFirst().orElse(null));
        assertThat(queue).contains("public.watched_docs").contains("forced row-level security");
    }

    private void upload(String bucket, String path, String content) {
        HttpResponse<String> uploaded = server.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/admin/v1/storage/files/" + bucket + "/" + path))
                .header("Authorization", "Bearer " + server.server().adminToken())
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(content))
                .build());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    }
}
