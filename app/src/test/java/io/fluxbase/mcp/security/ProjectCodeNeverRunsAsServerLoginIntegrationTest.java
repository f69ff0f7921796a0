package io.fluxbase.mcp.security;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
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
 * The project's own code (a policy's function, a type's cast, a domain's check) must never run with the server's
 * rights, which reach the command log. The server's own login reads some of the project's tables (storage's, for the
 * owner's bucket listing; a vector-enabled table's rows, to embed them), and the change capture that records a key's
 * writes runs as that login. Tried on a server whose login is not a superuser (superusers skip every policy, so the
 * embedded database never shows the first): the project's function never runs as the server's login, and what would
 * have made it run is refused with a message saying what, or runs as the table's owner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectCodeNeverRunsAsServerLoginIntegrationTest {

    /**
     * A function of the project's that notes the session's login, the role it ran with (db apply's scripts run with
     * the schema owner's on the server's session), and whether it reached the server's schema (named at run time, as
     * an attacker would, past db apply's guard).
     */
    static final String WATCHER = """
            CREATE TABLE public.code_runs (login text NOT NULL, runner text NOT NULL, reached_log boolean NOT NULL);
            GRANT INSERT ON public.code_runs TO anon, authenticated, service_role;
            CREATE FUNCTION public.watch_who_reads() RETURNS boolean LANGUAGE plpgsql AS $$
            DECLARE reached boolean := false;
            BEGIN
                BEGIN
                    EXECUTE format('SELECT count(*) >= 0 FROM %I.key_registry', 'flux' || 'base') INTO reached;
                EXCEPTION WHEN insufficient_privilege THEN
                    reached := false;
                END;
                INSERT INTO public.code_runs (login, runner, reached_log) VALUES (session_user, current_user, reached);
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
        assertThat(server.rows("SELECT login, runner FROM public.code_runs WHERE runner = ? OR reached_log",
                NonSuperuserCluster.SERVER_LOGIN)).as("the project's function ran with the server's rights").isEmpty();
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

    /**
     * A type's cast to json made with the project's function: turning a row into JSON calls it, and the change capture
     * that records a key's write does that as the server's login. The write is refused before, naming the type and the
     * cast, and nothing is kept; the same cast made WITH INOUT (the type's own text) records the write.
     */
    @Test
    void aTypesCastToJsonIsNeverCalledWhereAKeysWriteIsRecorded() {
        server.applySql("""
                CREATE TYPE public.mood AS ENUM ('calm', 'cross');
                CREATE FUNCTION public.mood_json(m public.mood) RETURNS json LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM public.watch_who_reads();
                    RETURN to_json(m::text);
                END $$;
                CREATE CAST (public.mood AS json) WITH FUNCTION public.mood_json(public.mood);
                CREATE TYPE public.feeling AS (about text, moods public.mood[]);
                CREATE TABLE public.moods (id int PRIMARY KEY, mood public.mood);
                CREATE TABLE public.feelings (id int PRIMARY KEY, feeling public.feeling);
                GRANT SELECT, INSERT ON public.moods, public.feelings TO service_role;
                """);
        McpSyncClient writer = server.client(server.createKey("mood-writer", "service", "write:tables").secret());
        long runsBefore = server.count("SELECT count(*) FROM public.code_runs");

        String refused = refusal(writer.callTool(new McpSchema.CallToolRequest("insert_record",
                Map.of("table", "moods", "data", Map.of("id", 1, "mood", "calm")))));
        assertThat(refused).startsWith("table: the rows of public.moods cannot be recorded: type public.mood has a"
                + " cast to json made with the function public.mood_json(public.mood)").contains("WITH INOUT").contains("nothing was changed");
        // reached through a composite's array of the type too
        assertThat(refusal(writer.callTool(new McpSchema.CallToolRequest("insert_record", Map.of("table", "feelings",
                "data", Map.of("id", 1, "feeling", "(today,\"{calm,cross}\")"))))))
                .contains("public.feelings").contains("public.mood_json(public.mood)");
        assertThat(server.count("SELECT count(*) FROM public.moods") + server.count("SELECT count(*) FROM"
                + " public.feelings")).as("rows kept").isZero();
        assertThat(server.count("SELECT count(*) FROM public.code_runs")).as("the cast's runs").isEqualTo(runsBefore);

        server.applySql("""
                DROP CAST (public.mood AS json);
                CREATE CAST (public.mood AS json) WITH INOUT;
                """);
        ok(writer.callTool(new McpSchema.CallToolRequest("insert_record",
                Map.of("table", "moods", "data", Map.of("id", 1, "mood", "calm")))));
        assertThat(server.count("SELECT count(*) FROM public.moods WHERE mood = 'calm'")).isOne();
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%RecordsInsertedEvent' AND convert_from(payload, 'UTF8')::jsonb ->> 'table' = 'public.moods'"))
                .as("the insert's change event").isOne();
    }

    /**
     * The rows of a vector-enabled table are read to embed them, which runs a key's domain check (the key is cast to
     * its type): as the table's owner, never as the server's login.
     */
    @Test
    void embeddingReadsAVectorTablesRowsAsItsOwner() {
        server.applySql("""
                CREATE DOMAIN public.doc_id AS int CHECK (public.watch_who_reads());
                CREATE TABLE public.checked_docs (id public.doc_id PRIMARY KEY, body text);
                INSERT INTO public.checked_docs VALUES (1, 'first'), (2, 'second');
                """);
        embedBothRows("checked_docs");
        assertThat(server.rows("SELECT DISTINCT runner FROM public.code_runs")).as("who ran the domain's check")
                .containsExactly(Map.of("runner", "fluxbase_schema_owner"));
    }

    /**
     * The same, where the domain's check first sets the role back to the session's login, as code that can change
     * settings may: the rows are read on the schema owner's own login, so that gives it nothing more. Counting the
     * table's rows (a view in its place would run the view's functions) is done there too.
     */
    @Test
    void codeThatSetsItsRoleBackWhileEmbeddingReadsStillRunsAsTheOwner() {
        server.applySql("""
                DELETE FROM public.code_runs;
                CREATE FUNCTION public.role_reset_then_watch() RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM set_config('role', 'none', true);
                    RETURN public.watch_who_reads();
                END $$;
                CREATE DOMAIN public.escaping_id AS int CHECK (public.role_reset_then_watch());
                CREATE TABLE public.escaping_docs (id public.escaping_id PRIMARY KEY, body text);
                INSERT INTO public.escaping_docs VALUES (1, 'first'), (2, 'second');
                """);
        embedBothRows("escaping_docs");
        assertThat(server.rows("SELECT DISTINCT login, runner FROM public.code_runs")).as("who ran the check")
                .containsExactly(Map.of("login", "fluxbase_schema_owner", "runner", "fluxbase_schema_owner"));
    }

    /**
     * An operator of the project's in {@code public} that matches a text column and a string parameter exactly, as
     * PostgreSQL prefers to its own {@code text = text}: the server's statements do not see it, as they search no
     * schema the project may create in. (It notes only comparisons with one value, so this test's own queries, on the
     * same login, stay out of it.)
     */
    @Test
    void anOperatorOfTheProjectsNeverStandsInForPostgresOwnInTheServersStatements() {
        // a row for the server's look-up by name to compare with
        server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "operator-kept"), 201);
        server.applySql("""
                CREATE FUNCTION public.text_equals_string(a text, b varchar) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                    IF b = 'operator-watch'::text THEN
                        PERFORM public.watch_who_reads();
                    END IF;
                    RETURN a = b::text;
                END $$;
                CREATE OPERATOR public.= (leftarg = text, rightarg = varchar, function = public.text_equals_string);
                """);
        try {
            HttpResponse<String> bucket = server.adminRaw("GET", "/admin/v1/storage/buckets/operator-watch", null);
            assertThat(bucket.statusCode()).as(bucket.body()).isEqualTo(404);
            assertThat(bucket.body()).contains("unknown_bucket").contains("no bucket named 'operator-watch'");
        } finally {
            server.applySql("DROP OPERATOR public.= (text, varchar); DROP FUNCTION public.text_equals_string;");
            server.admin("DELETE", "/admin/v1/storage/buckets/operator-kept", null, 200);
        }
    }

    /**
     * The schema owner owns storage's tables, so it can make a table that inherits from one: a statement on the
     * parent reaches the child's rows, and would run the child's triggers, unless it names the parent ONLY.
     */
    @Test
    void aTableInheritingFromStoragesRunsNoTriggerInTheServersBucketChanges() {
        server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "inherited"), 201);
        server.applySql("""
                CREATE TABLE public.bucket_shadow () INHERITS (storage.buckets);
                CREATE FUNCTION public.watch_bucket_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM public.watch_who_reads();
                    RETURN coalesce(NEW, OLD);
                END $$;
                CREATE TRIGGER watch BEFORE UPDATE OR DELETE ON public.bucket_shadow
                    FOR EACH ROW EXECUTE FUNCTION public.watch_bucket_change();
                INSERT INTO public.bucket_shadow (id, name) VALUES ('inherited', 'inherited');
                """);
        try {
            server.admin("PATCH", "/admin/v1/storage/buckets/inherited", Map.of("public", true), 200);
            assertThat(server.admin("GET", "/admin/v1/storage/buckets/inherited", null, 200))
                    .containsEntry("public", true).containsEntry("files", 0);
            server.admin("DELETE", "/admin/v1/storage/buckets/inherited", null, 200);
            assertThat(server.count("SELECT count(*) FROM public.bucket_shadow")).as("the child's row, untouched")
                    .isOne();
        } finally {
            server.applySql("DROP TABLE public.bucket_shadow; DROP FUNCTION public.watch_bucket_change();");
        }
    }

    /** Enables vector search on the two rows of {@code table} (its text in {@code body}) and waits for both. */
    private void embedBothRows(String table) {
        json(FluxbaseCommand.run(server, "vectors", "enable", "--table", table, "--column", "body", "-o", "json"));
        TestServer.await("both rows embedded", Duration.ofSeconds(60), () -> server.count("SELECT count(*) FROM"
                + " fluxbase.vector_embeddings WHERE table_name = ? AND embedding IS NOT NULL", "public." + table)
                == 2);
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
