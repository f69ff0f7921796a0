package io.fluxbase.mcp.job;

import static io.fluxbase.mcp.job.JobsIntegrationTest.awaitStatus;
import static io.fluxbase.mcp.job.JobsIntegrationTest.submit;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The built-in export_table job: a query_table selection read under the submitter's role (row-level security
 * decides what the file holds), written as CSV or JSON Lines into a bucket under the same role, which download_file
 * then returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportTableJobIntegrationTest {

    static final String ANN = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    TestServer server;
    McpSyncClient ann;
    McpSyncClient jobsOnly;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "exports"), 201);
        server.applySql("""
                CREATE TABLE public.orders (id int PRIMARY KEY, user_id uuid NOT NULL, item text NOT NULL,
                    total numeric NOT NULL);
                ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own orders" ON public.orders FOR SELECT USING (auth.uid() = user_id);
                GRANT SELECT ON public.orders TO authenticated;
                INSERT INTO public.orders SELECT n, CASE WHEN mod(n, 2) = 0 THEN '%s'::uuid ELSE '%s'::uuid END,
                    'item ' || n, n * 1.5 FROM generate_series(1, 2500) n;
                UPDATE public.orders SET item = 'comma, "quoted"' WHERE id = 2;
                CREATE VIEW public.slow_orders WITH (security_invoker = true) AS
                    SELECT id, user_id, item, pg_sleep(0.4) IS NOT NULL AS slept FROM public.orders WHERE id <= 20;
                GRANT SELECT ON public.slow_orders TO authenticated;
                CREATE POLICY "own exports read" ON storage.objects FOR SELECT
                    USING (bucket_id = 'exports' AND auth.uid()::text = (storage.foldername(name))[1]);
                CREATE POLICY "own exports write" ON storage.objects FOR INSERT
                    WITH CHECK (bucket_id = 'exports' AND auth.uid()::text = (storage.foldername(name))[1]);
                """.formatted(ANN, BOB));
        ann = server.client(server.createKey(Map.of("name", "ann", "type", "anon", "scopes",
                List.of("execute:jobs", "read:tables", "read:storage", "write:storage"), "user_id", ANN,
                "rate_limit_per_min", 100_000)).secret());
        jobsOnly = server.client(server.createKey(Map.of("name", "jobs-only", "type", "anon", "scopes",
                List.of("execute:jobs"), "user_id", ANN)).secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    String export(Map<String, Object> payload) {
        return (String) ok(submit(ann, Map.of("name", "export_table", "payload", payload))).get("job_id");
    }

    String download(String path) {
        Map<String, Object> file = ok(ann.callTool(new McpSchema.CallToolRequest("download_file", Map.of(
                "bucket", "exports", "path", path, "max_bytes", 100_000))));
        assertThat(file).containsEntry("truncated", false);
        return (String) file.get("content");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCsvExportHoldsOnlyTheSubmittersRowsAndDownloadFileReturnsIt() {
        String path = ANN + "/orders.csv";
        String jobId = export(Map.of("table", "orders", "select", "id,item,total", "order", "id.asc",
                "bucket", "exports", "path", path));
        Map<String, Object> done = awaitStatus(ann, jobId, "succeeded");
        Map<String, Object> result = (Map<String, Object>) done.get("result");
        String csv = download(path);
        assertThat(result).containsEntry("bucket", "exports").containsEntry("path", path)
                .containsEntry("format", "csv").containsEntry("rows", 1250).containsEntry("bytes", csv.length());
        assertThat(done).containsEntry("progress", 100);
        assertThat((String) done.get("progress_message")).contains("1250 rows");
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%JobProgressedEvent' AND aggregate_identifier = ?", jobId)).as("progress as pages are read")
                .isGreaterThanOrEqualTo(4);

        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(1251);
        assertThat(lines.get(0)).isEqualTo("id,item,total");
        assertThat(lines.get(1)).isEqualTo("2,\"comma, \"\"quoted\"\"\",3.0");
        assertThat(lines.get(2)).isEqualTo("4,item 4,6.0");
        assertThat(lines.subList(1, lines.size())).as("only ann's (even) orders")
                .allMatch(line -> Integer.parseInt(line.substring(0, line.indexOf(','))) % 2 == 0);
    }

    /** The key is revoked while the export reads its only page: the file is not written after the job stopped. */
    @Test
    void anExportWhoseKeyIsRevokedWhileItReadsWritesNoFile() throws InterruptedException {
        TestServer.Key cara = server.createKey(Map.of("name", "cara", "type", "anon", "scopes",
                List.of("execute:jobs", "read:tables", "write:storage"), "user_id", ANN, "rate_limit_per_min",
                100_000));
        String path = ANN + "/revoked.csv";
        String jobId = (String) ok(submit(server.client(cara.secret()), Map.of("name", "export_table", "payload",
                Map.of("table", "slow_orders", "bucket", "exports", "path", path)))).get("job_id");
        awaitStatus(ann, jobId, "running");
        server.admin("POST", "/admin/v1/clientkeys/" + cara.id() + "/revoke", null, 200);
        assertThat((String) awaitStatus(ann, jobId, "failed").get("error")).contains("is revoked");
        Thread.sleep(6_000); // past the end of the read (ten rows of 0.4 s)
        assertThat(server.count("SELECT count(*) FROM storage.objects WHERE name = ?", path)).as("the file").isZero();
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE method = 'jobs/export_table/upload'"
                + " AND key_id = ?", cara.id())).as("an upload on record").isZero();
    }

    @Test
    void aJsonLinesExportKeepsTheFilter() {
        String path = ANN + "/big.jsonl";
        String jobId = export(Map.of("table", "orders", "select", "id,total", "filter", Map.of("total",
                "gte.3700"), "order", "id.desc", "format", "jsonl", "bucket", "exports", "path", path));
        awaitStatus(ann, jobId, "succeeded");
        assertThat(download(path).lines().toList()).containsExactly("{\"id\":2500,\"total\":3750.0}",
                "{\"id\":2498,\"total\":3747.0}", "{\"id\":2496,\"total\":3744.0}", "{\"id\":2494,\"total\":3741.0}",
                "{\"id\":2492,\"total\":3738.0}", "{\"id\":2490,\"total\":3735.0}", "{\"id\":2488,\"total\":3732.0}",
                "{\"id\":2486,\"total\":3729.0}", "{\"id\":2484,\"total\":3726.0}", "{\"id\":2482,\"total\":3723.0}",
                "{\"id\":2480,\"total\":3720.0}", "{\"id\":2478,\"total\":3717.0}", "{\"id\":2476,\"total\":3714.0}",
                "{\"id\":2474,\"total\":3711.0}", "{\"id\":2472,\"total\":3708.0}", "{\"id\":2470,\"total\":3705.0}",
                "{\"id\":2468,\"total\":3702.0}");
    }

    /** A refusal of the key's own doing would only come again: the job fails at its first attempt, of three. */
    @Test
    void aFileThePolicyRefusesFailsTheJobAtOnceSayingSo() {
        String jobId = export(Map.of("table", "orders", "bucket", "exports", "path", BOB + "/stolen.csv"));
        Map<String, Object> failed = awaitStatus(ann, jobId, "failed");
        assertThat((String) failed.get("error")).containsIgnoringCase("polic");
        assertThat(failed).containsEntry("attempts", 1).containsEntry("max_attempts", 3);
    }

    @Test
    void aFilterValuePostgresqlRefusesFailsTheJobAtOnceSayingWhatToChange() {
        server.applySql("CREATE TABLE public.stays (id int PRIMARY KEY, during int4range);"
                + " GRANT SELECT ON public.stays TO authenticated; INSERT INTO public.stays VALUES (1, '[1,5)');");
        String jobId = export(Map.of("table", "stays", "filter", Map.of("during", "eq.[5,1)"),
                "bucket", "exports", "path", ANN + "/ranged.csv"));
        Map<String, Object> failed = awaitStatus(ann, jobId, "failed");
        assertThat((String) failed.get("error")).startsWith("filter.during: ")
                .contains("range lower bound must be less than or equal to range upper bound");
        assertThat(failed).containsEntry("attempts", 1);
    }

    @Test
    void badExportsAreRefusedAtSubmissionNamingTheField() {
        assertThat(refusal(submit(ann, Map.of("name", "export_table", "payload", Map.of("table", "orders",
                "bucket", "exports", "path", ANN + "/x.csv", "filter", Map.of("total", "bogus.1"))))))
                .startsWith("payload.filter");
        assertThat(refusal(submit(ann, Map.of("name", "export_table", "payload", Map.of("table", "orders",
                "bucket", "exports", "path", ANN + "/x.csv", "format", "xml")))))
                .startsWith("payload.format").contains("csv");
        assertThat(refusal(submit(ann, Map.of("name", "export_table", "payload", Map.of("table", "orders",
                "bucket", "exports", "path", "../x.csv"))))).startsWith("payload.path");
        assertThat(refusal(submit(jobsOnly, Map.of("name", "export_table", "payload", Map.of("table", "orders",
                "bucket", "exports", "path", ANN + "/x.csv"))))).contains("read:tables and write:storage");
        assertThat(refusal(submit(ann, Map.of("name", "nope")))).contains("export_table");
    }
}
