package io.fluxbase.mcp.vector;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static io.fluxbase.mcp.support.ToolAnswers.answer;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * vector_search on the embedded database (the portable path: the in-process model, the server's in-memory index)
 * through the SDK client: meaning found without shared words, row-level security deciding what can be found, rows
 * written by the tools or by plain SQL findable within seconds, and refusals that say what to change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorSearchToolIntegrationTest {

    static final String ANN = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    static final List<String> CORPUS = List.of(
            "How to reset a forgotten password for your account",
            "The cat sat on the warm windowsill purring",
            "Quarterly revenue grew twelve percent thanks to strong sales",
            "Heavy rain and thunderstorms expected tomorrow afternoon",
            "Add flour, sugar and eggs, then bake for thirty minutes",
            "The striker scored twice in the final match of the season",
            "Deploying containers with Kubernetes clusters",
            "Planting tomatoes in spring garden soil",
            "Learning to play the violin takes practice",
            "The train to Paris departs from platform nine");

    TestServer server;
    McpSyncClient ann;
    McpSyncClient bob;
    Run enabledDocs;

    /** The server these tests run against; a subclass runs them on another search path. */
    TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() {
        server = startServer();
        StringBuilder sql = new StringBuilder("""
                CREATE TABLE public.docs (id int PRIMARY KEY, body text, lang text NOT NULL DEFAULT 'en',
                    during int4range);
                GRANT SELECT ON public.docs TO anon, authenticated;
                CREATE TABLE public.notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    owner uuid NOT NULL DEFAULT auth.uid(), title text NOT NULL, body text);
                ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own notes" ON public.notes FOR ALL USING (auth.uid() = owner)
                    WITH CHECK (auth.uid() = owner);
                GRANT SELECT, INSERT, UPDATE ON public.notes TO anon, authenticated;
                CREATE TABLE public.plain (id int PRIMARY KEY, body text);
                """);
        for (int i = 0; i < CORPUS.size(); i++) {
            sql.append("INSERT INTO public.docs (id, body) VALUES (").append(i + 1).append(", '")
                    .append(CORPUS.get(i)).append("');\n");
        }
        sql.append("INSERT INTO public.notes (owner, title, body) VALUES ('" + ANN + "', 'dessert',"
                + " 'my secret recipe for chocolate brownies'), ('" + BOB + "', 'garage', 'change the car oil'),"
                + " ('" + BOB + "', 'trip', 'book flights to Lisbon');\n");
        server.applySql(sql.toString());
        ann = server.client(server.createKey(Map.of("name", "ann", "type", "anon", "scopes",
                List.of("read:vectors", "read:tables", "write:tables"), "user_id", ANN,
                "rate_limit_per_min", 100_000)).secret());
        bob = server.client(server.createKey(Map.of("name", "bob", "type", "anon", "scopes",
                List.of("read:vectors", "read:tables"), "user_id", BOB, "rate_limit_per_min", 100_000)).secret());
        enabledDocs = fluxbase("vectors", "enable", "--table", "docs", "--column", "body", "--wait", "-o", "json");
        json(enabledDocs);
        json(fluxbase("vectors", "enable", "--table", "notes", "--template", "{{title}}: {{body}}", "-o", "json"));
        awaitFound(ann, "docs", "password", 1);
        awaitFound(bob, "notes", "vehicle maintenance", 1);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Run fluxbase(String... args) {
        return FluxbaseCommand.run(server, args);
    }

    static McpSchema.CallToolResult search(McpSyncClient client, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest("vector_search", arguments));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(McpSchema.CallToolResult result) {
        return (List<Map<String, Object>>) ok(result).get("rows");
    }

    static void awaitFound(McpSyncClient client, String table, String query, int atLeast) {
        TestServer.await(query + " in " + table, () -> rows(search(client, Map.of("table", table, "query", query)))
                .size() >= atLeast);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I can't remember my login credentials | 1",
            "kitten napping in sunlight | 2",
            "financial earnings increased | 3",
            "weather forecast: stormy | 4",
            "cake recipe | 5",
            "football goal | 6",
            "gardening vegetables | 8",
            "railway journey to France | 10"})
    void findsTheRowNearestInMeaningWithoutSharedWords(String query, int expectedId) {
        List<Map<String, Object>> found = rows(search(ann, Map.of("table", "docs", "query", query,
                "match_count", 3)));
        assertThat(found).hasSize(3);
        assertThat(found.getFirst()).as(query).containsEntry("id", expectedId);
        assertThat((Double) found.get(0).get("similarity")).isGreaterThanOrEqualTo((Double) found.get(1)
                .get("similarity"));
    }

    @Test
    void selectFilterAndThresholdApplyAsInQueryTable() {
        server.applySql("UPDATE public.docs SET lang = 'fr' WHERE id = 1");
        try {
            List<Map<String, Object>> english = rows(search(ann, Map.of("table", "docs",
                    "query", "I can't remember my login credentials", "filter", Map.of("lang", "eq.en"),
                    "select", "body", "match_count", 2)));
            assertThat(english).hasSize(2).allSatisfy(row -> assertThat(row).containsOnlyKeys("body", "similarity"));
            assertThat(english).extracting(row -> row.get("body")).doesNotContain(CORPUS.get(0));
            assertThat(rows(search(ann, Map.of("table", "docs", "query", "cake recipe", "threshold", 0.99))))
                    .isEmpty();
        } finally {
            server.applySql("UPDATE public.docs SET lang = 'en' WHERE id = 1");
        }
    }

    @Test
    void aKeyNeverFindsRowsItsPolicyHidesEvenWhenTheyAreTheNearest() {
        List<Map<String, Object>> bobs = rows(search(bob, Map.of("table", "notes",
                "query", "my secret recipe for chocolate brownies", "match_count", 10)));
        assertThat(bobs).hasSize(2).extracting(row -> row.get("owner")).containsOnly(BOB);
        List<Map<String, Object>> anns = rows(search(ann, Map.of("table", "notes", "query", "chocolate dessert")));
        assertThat(anns).extracting(row -> row.get("owner")).containsOnly(ANN);
        assertThat(anns.getFirst()).containsEntry("title", "dessert");
    }

    @Test
    void rowsWrittenThroughTheToolsOrPlainSqlAreFoundWithinFiveSeconds() {
        // every row the queue takes, noted where no key role reaches
        server.executeAsServer("""
                CREATE TABLE IF NOT EXISTS fluxbase.queue_seen (table_name text, row_key text);
                CREATE OR REPLACE FUNCTION fluxbase.note_queued() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO fluxbase.queue_seen VALUES (NEW.table_name, NEW.row_key); RETURN NULL; END $$;
                CREATE OR REPLACE TRIGGER note_queued AFTER INSERT OR UPDATE ON fluxbase.vector_queue
                    FOR EACH ROW EXECUTE FUNCTION fluxbase.note_queued();
                """);
        Map<String, Object> inserted = ok(ann.callTool(new McpSchema.CallToolRequest("insert_record",
                Map.of("table", "notes", "data", Map.of("title", "astronomy",
                        "body", "telescopes for watching distant galaxies"), "returning", List.of("id")))));
        long start = System.nanoTime();
        server.applySql("INSERT INTO public.docs (id, body) VALUES (100,"
                + " 'Vaccines train the immune system to fight viruses')");
        awaitFound(ann, "notes", "stargazing equipment", 2);
        assertThat(rows(search(ann, Map.of("table", "notes", "query", "stargazing equipment"))).getFirst())
                .containsEntry("title", "astronomy");
        TestServer.await("the plain SQL row", () -> rows(search(ann, Map.of("table", "docs",
                "query", "medicine and disease prevention", "match_count", 1))).getFirst().get("id").equals(100));
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        // the MCP write was embedded from its change event, the plain SQL one from the queue
        String noteKey = String.valueOf(((Map<?, ?>) ((List<?>) inserted.get("rows")).getFirst()).get("id"));
        assertThat(server.count("SELECT count(*) FROM fluxbase.queue_seen WHERE table_name = 'public.notes'"
                + " AND row_key = ?", noteKey)).isZero();
        assertThat(server.count("SELECT count(*) FROM fluxbase.vector_embeddings WHERE table_name = 'public.notes'"
                + " AND row_key = ? AND embedding IS NOT NULL", noteKey)).isOne();
        assertThat(server.count("SELECT count(*) FROM fluxbase.queue_seen WHERE table_name = 'public.docs'"
                + " AND row_key = '100'")).isPositive();

        // through MCP too, a write that leaves the text as it was is not embedded again: once a later write's row is
        // findable, the processor has passed the earlier event (it follows the log in order)
        String noteChange = "SELECT change FROM fluxbase.vector_embeddings WHERE table_name = 'public.notes'"
                + " AND row_key = ?";
        long embeddedAt = server.count(noteChange, noteKey);
        ok(ann.callTool(new McpSchema.CallToolRequest("update_record", Map.of("table", "notes",
                "data", Map.of("title", "astronomy"), "filter", Map.of("id", "eq." + noteKey)))));
        ok(ann.callTool(new McpSchema.CallToolRequest("insert_record", Map.of("table", "notes",
                "data", Map.of("title", "knitting", "body", "wool scarves and needles")))));
        awaitFound(ann, "notes", "knitting", 3);
        assertThat(server.count(noteChange, noteKey)).isEqualTo(embeddedAt);

        // an unchanged text is not embedded again; a changed one is, and a deleted row is no longer found
        long change = server.count("SELECT change FROM fluxbase.vector_embeddings WHERE table_name = 'public.docs'"
                + " AND row_key = '100'");
        server.applySql("UPDATE public.docs SET lang = 'en' WHERE id = 100");
        TestServer.await("the queue to drain", () -> server.count("SELECT count(*) FROM fluxbase.vector_queue") == 0);
        assertThat(server.count("SELECT change FROM fluxbase.vector_embeddings WHERE table_name = 'public.docs'"
                + " AND row_key = '100'")).isEqualTo(change);
        server.applySql("DELETE FROM public.docs WHERE id = 100");
        TestServer.await("the deleted row to go", () -> rows(search(ann, Map.of("table", "docs",
                "query", "medicine and disease prevention", "match_count", 1))).getFirst().get("id") != (Object) 100);
    }

    @Test
    void aRowsTextTakesTheStartOfAVeryLongValueOnly() {
        // the embedding reads the first 65,536 characters of a value: two rows that differ only after that are
        // embedded by the same text, and a row of megabytes is never read whole into the server
        server.applySql("INSERT INTO public.docs (id, body) VALUES (201, repeat('x', 70000) || 'alpha'),"
                + " (202, repeat('x', 70000) || 'omega')");
        String embedded = "SELECT count(*) FROM fluxbase.vector_embeddings WHERE table_name = 'public.docs'"
                + " AND row_key IN ('201', '202') AND embedding IS NOT NULL";
        TestServer.await("both long rows embedded", () -> server.count(embedded) == 2);
        assertThat(server.count("SELECT count(DISTINCT text_digest) FROM fluxbase.vector_embeddings"
                + " WHERE table_name = 'public.docs' AND row_key IN ('201', '202')")).isOne();
    }

    /**
     * A column grant hides salary notes from key roles, but the table is searched by them: a key that could search
     * would learn from each row's similarity what its note says.
     */
    @Test
    void aKeyWhoseRoleMayNotReadTheSearchedTextCannotSearchByIt() {
        server.applySql("""
                CREATE TABLE public.staff (id int PRIMARY KEY, name text NOT NULL, salary_note text);
                REVOKE ALL ON public.staff FROM anon, authenticated;
                GRANT SELECT (id, name) ON public.staff TO anon, authenticated;
                INSERT INTO public.staff VALUES (1, 'carol', 'a large bonus paid in March'),
                    (2, 'dave', 'unpaid leave until spring');
                """);
        json(fluxbase("vectors", "enable", "--table", "staff", "--column", "salary_note", "--wait", "-o", "json"));
        try {
            searchingStaff();
        } finally {
            json(fluxbase("vectors", "disable", "staff", "-o", "json")); // the other tests list the enabled tables
        }
    }

    void searchingStaff() {
        String refused = refusal(search(ann, Map.of("table", "staff", "query", "bonus payment", "select", "id")));
        assertThat(refused).startsWith("table: public.staff").contains("salary_note").contains("role authenticated")
                .doesNotContain("carol", "bonus paid");
        TestServer.await("the refusal's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE target = 'vector_search' AND error_code = 'permission_denied'") == 1);

        McpSyncClient service = server.client(server.createKey("staff-reader", "service", "read:vectors",
                "read:tables").secret());
        awaitFound(service, "staff", "bonus payment", 1);
        assertThat(rows(search(service, Map.of("table", "staff", "query", "bonus payment", "match_count", 1)))
                .getFirst()).containsEntry("name", "carol");
    }

    @Test
    void badArgumentsAreRefusedSayingWhatToChange() {
        assertThat(refusal(search(ann, Map.of("table", "plain", "query", "x"))))
                .isEqualTo("table: public.plain is not vector-enabled; vector-enabled tables: public.docs,"
                        + " public.notes");
        assertThat(refusal(search(ann, Map.of("table", "docs", "query", "  ")))).startsWith("query: empty");
        assertThat(refusal(search(ann, Map.of("table", "docs", "query", "x".repeat(2001)))))
                .isEqualTo("query: 2001 characters, over the limit of 2000; shorten it");
        assertThat(refusal(search(ann, Map.of("table", "docs", "query", "x", "match_count", 101))))
                .contains("match_count").contains("100");
        assertThat(refusal(search(ann, Map.of("table", "docs", "query", "x", "match_count", 0))))
                .contains("match_count");
        // the last is refused by PostgreSQL, not by the server's own checks
        for (Map<String, Object> filter : List.of(Map.<String, Object>of("lang", "bogus.en"),
                Map.<String, Object>of("nope", "eq.1"), Map.<String, Object>of("during", "eq.[5,1)"))) {
            String asQueryTable = refusal(answer(() -> ann.callTool(new McpSchema.CallToolRequest("query_table",
                    Map.of("table", "docs", "filter", filter)))));
            assertThat(refusal(answer(() -> search(ann, Map.of("table", "docs", "query", "cake recipe",
                    "filter", filter))))).isEqualTo(asQueryTable).startsWith("filter");
        }
    }

    /** Refused a table that is not vector-enabled, a key is told of the enabled ones its role can see, no others. */
    @Test
    void aRefusalNamesNoEnabledTableTheKeysRoleCannotSee() {
        server.applySql("""
                CREATE TABLE public.payroll (id int PRIMARY KEY, memo text);
                REVOKE ALL ON public.payroll FROM anon, authenticated;
                INSERT INTO public.payroll VALUES (1, 'year-end bonuses');
                """);
        json(fluxbase("vectors", "enable", "--table", "payroll", "--column", "memo", "-o", "json"));
        try {
            assertThat(refusal(search(ann, Map.of("table", "plain", "query", "x"))))
                    .isEqualTo("table: public.plain is not vector-enabled; vector-enabled tables: public.docs,"
                            + " public.notes");
            McpSyncClient service = server.client(server.createKey("payroll-reader", "service", "read:vectors",
                    "read:tables").secret());
            assertThat(refusal(search(service, Map.of("table", "plain", "query", "x"))))
                    .isEqualTo("table: public.plain is not vector-enabled; vector-enabled tables: public.docs,"
                            + " public.notes, public.payroll");
        } finally {
            json(fluxbase("vectors", "disable", "payroll", "-o", "json")); // the other tests list the enabled tables
        }
    }

    @Test
    void theCliRefusesWhatDoesNotExistListingWhatDoes() {
        Run table = fluxbase("vectors", "enable", "--table", "nope", "--column", "body");
        assertThat(table.exit()).isNotZero();
        assertThat(table.err()).contains("public.nope does not exist").contains("docs").contains("notes");
        Run column = fluxbase("vectors", "enable", "--table", "plain", "--column", "text");
        assertThat(column.err()).contains("has no column 'text'").contains("id, body");
        Run model = fluxbase("vectors", "enable", "--table", "plain", "--column", "body", "--model", "gpt");
        assertThat(model.err()).contains("unknown model 'gpt'").contains("valid models are minilm");
        Run metric = fluxbase("vectors", "enable", "--table", "plain", "--column", "body", "--metric", "hamming");
        assertThat(metric.err()).contains("unknown metric 'hamming'").contains("cosine, dot, l2");
        Run twice = fluxbase("vectors", "enable", "--table", "docs", "--column", "body");
        assertThat(twice.err()).contains("already vector-enabled");
        assertThat(fluxbase("vectors", "status", "plain").err()).contains("not vector-enabled")
                .contains("public.docs, public.notes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listStatusAndDisableShowWhatTheServerHolds() {
        Map<String, Object> status = json(fluxbase("vectors", "status", "docs", "-o", "json"));
        assertThat(status).containsEntry("table", "public.docs").containsEntry("column", "body")
                .containsEntry("model", "minilm").containsEntry("metric", "cosine").containsEntry("last_error", null);
        assertThat(((Number) status.get("embedded")).intValue()).isGreaterThanOrEqualTo(CORPUS.size());
        List<Map<String, Object>> listed = (List<Map<String, Object>>) json(fluxbase("vectors", "list", "-o", "json"))
                .get("indexes");
        assertThat(listed).extracting(index -> index.get("table")).contains("public.docs", "public.notes");
        assertThat(fluxbase("vectors", "list").out()).contains("public.notes").contains("{{title}}: {{body}}");
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%VectorIndexEnabledEvent'")).isGreaterThanOrEqualTo(2);

        json(fluxbase("vectors", "enable", "--table", "plain", "--column", "body", "--metric", "l2", "-o", "json"));
        assertThat(json(fluxbase("vectors", "disable", "plain", "-o", "json"))).containsEntry("disabled", true);
        assertThat(server.count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.plain'::regclass"
                + " AND tgname LIKE 'fluxbase_vectors_%'")).isZero();
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%VectorIndexDisabledEvent'")).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void enablingATableBackfillsItsRowsAsAJobThatJobsGetAndGetJobStatusShow() {
        String jobId = (String) json(enabledDocs).get("backfill_job_id");
        assertThat(enabledDocs.err()).contains("of " + CORPUS.size() + " rows embedded")
                .contains("succeeded 100% " + CORPUS.size() + " of " + CORPUS.size() + " rows embedded");

        Map<String, Object> job = json(fluxbase("jobs", "get", jobId, "-o", "json"));
        assertThat(job).containsEntry("name", "vector_backfill").containsEntry("status", "succeeded")
                .containsEntry("progress", 100)
                .containsEntry("progress_message", CORPUS.size() + " of " + CORPUS.size() + " rows embedded");
        assertThat((Map<String, Object>) job.get("result")).containsEntry("table", "public.docs")
                .containsEntry("rows_embedded", CORPUS.size()).containsEntry("rows_at_start", CORPUS.size());
        assertThat(fluxbase("jobs", "get", jobId, "--follow").out())
                .contains("succeeded 100% " + CORPUS.size() + " of " + CORPUS.size() + " rows embedded");

        // the server's own job: service keys see it (they read every row anyway), a user's key does not
        McpSyncClient service = server.client(server.createKey(Map.of("name", "ops", "type", "service", "scopes",
                List.of("execute:jobs"))).secret());
        assertThat(ok(service.callTool(new McpSchema.CallToolRequest("get_job_status", Map.of("job_id", jobId)))))
                .containsEntry("status", "succeeded").containsEntry("progress", 100);
        McpSyncClient user = server.client(server.createKey(Map.of("name", "user", "type", "anon", "scopes",
                List.of("execute:jobs"), "user_id", ANN)).secret());
        assertThat(refusal(user.callTool(new McpSchema.CallToolRequest("get_job_status", Map.of("job_id", jobId)))))
                .contains("no job '" + jobId + "'");
        assertThat(refusal(service.callTool(new McpSchema.CallToolRequest("submit_job", Map.of("name",
                "vector_backfill", "payload", Map.of("table", "docs")))))).contains("started by enabling a table");
    }

    @Test
    void keyRolesCannotReadTheQueueOrTheEmbeddings() {
        String refused = refusal(ann.callTool(new McpSchema.CallToolRequest("query_table",
                Map.of("table", "fluxbase.vector_embeddings"))));
        assertThat(refused).doesNotContain("row_key");
        assertThat(refusal(ann.callTool(new McpSchema.CallToolRequest("query_table",
                Map.of("table", "fluxbase.vector_queue"))))).isNotEmpty();
    }
}
