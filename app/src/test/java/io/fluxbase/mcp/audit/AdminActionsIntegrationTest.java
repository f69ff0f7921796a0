package io.fluxbase.mcp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the admin token does is in the log under category {@code admin}, so a report can say who changed the schema
 * and when: one sign-in per session (not per request), each db apply with its SQL's digest and statement kinds (a
 * refused one as denied), key lifecycle, secrets, buckets, functions, vector indexes, jobs, dashboard links and the
 * log's pruning, each with the address it came from.
 */
class AdminActionsIntegrationTest {

    @Test
    @SuppressWarnings("unchecked")
    void adminActionsAreRecordedUnderCategoryAdmin() throws Exception {
        try (TestServer server = TestServer.start()) {
            String schema = "CREATE TABLE public.notes (id int PRIMARY KEY);\n"
                    + "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;\n"
                    + "CREATE POLICY \"all\" ON public.notes USING (true);";
            server.applySql(schema);
            assertThat(server.adminRaw("POST", "/admin/v1/db/apply", Map.of("sql", "DROP TABLE fluxbase.audit_log"))
                    .statusCode()).isEqualTo(400);
            // a script that fails on a value: the owner is told it, the log keeps the error without it
            assertThat(server.adminRaw("POST", "/admin/v1/db/apply", Map.of("sql", "CREATE TABLE public.codes"
                    + " (code text PRIMARY KEY); INSERT INTO public.codes VALUES ('hunter2-code'), ('hunter2-code')"))
                    .body()).contains("hunter2-code");
            TestServer.Key key = server.createKey("reporter", "service", "read:tables");
            server.admin("POST", "/admin/v1/clientkeys/" + key.id() + "/rotate", null, 200);
            server.admin("POST", "/admin/v1/clientkeys/" + key.id() + "/revoke", null, 200);
            server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/v1/secrets/API_TOKEN"))
                    .header("Authorization", "Bearer " + server.server().adminToken())
                    .PUT(HttpRequest.BodyPublishers.ofString("s3cr3t")).build());
            server.admin("POST", "/admin/v1/storage/buckets", Map.of("name", "avatars"), 201);
            server.admin("PATCH", "/admin/v1/storage/buckets/avatars", Map.of("public", true), 200);
            server.admin("DELETE", "/admin/v1/storage/buckets/avatars", null, 200);
            server.admin("POST", "/admin/v1/functions", Map.of("name", "hello", "source",
                    "export default async () => 'hello';"), 201);
            server.admin("DELETE", "/admin/v1/functions/hello", null, 200);
            server.admin("POST", "/admin/v1/dashboard/links", null, 200);
            server.admin("POST", "/admin/v1/logs/prune", null, 200);

            Map<String, Object> listed = FluxbaseCommand.json(FluxbaseCommand.run(server, "logs", "list",
                    "--category", "admin", "--since", "10m", "--limit", "100", "-o", "json"));
            List<Map<String, Object>> records = (List<Map<String, Object>>) listed.get("records");
            assertThat(records).allSatisfy(r -> assertThat(r).containsEntry("category", "admin"));
            assertThat(records).filteredOn(r -> !"settings.change".equals(r.get("method")))
                    .allSatisfy(r -> assertThat(r).containsEntry("ip", "127.0.0.1"));
            // fifteen requests from this test's HTTP client: one sign-in; the CLI's own session may show as well
            List<Map<String, Object>> fromTest = records.stream()
                    .filter(r -> !String.valueOf(r.get("user_agent")).startsWith("fluxbase-cli/")).toList();
            assertThat(fromTest).extracting(r -> r.get("method")).containsExactlyInAnyOrder("settings.change",
                    "admin.sign_in",
                    "db.apply", "db.apply", "db.apply", "clientkeys.create", "clientkeys.rotate", "clientkeys.revoke",
                    "secrets.set", "storage.bucket_create", "storage.bucket_update", "storage.bucket_delete",
                    "functions.deploy", "functions.delete", "dashboard.link", "chain.prune");
            assertThat(only(records, "storage.bucket_update", "ok")).containsEntry("target", "avatars");
            assertThat(only(records, "functions.delete", "ok")).containsEntry("target", "hello");

            Map<String, Object> applied = only(records, "db.apply", "ok");
            assertThat(applied).containsEntry("target", "CREATE TABLE, ALTER TABLE, CREATE POLICY")
                    .containsEntry("argument_digest", sha256(schema));
            assertThat(only(records, "db.apply", "denied").get("message").toString())
                    .contains("refused").contains("fluxbase");
            assertThat(only(records, "clientkeys.revoke", "ok")).containsEntry("key_id", key.id());
            assertThat(only(records, "db.apply", "error").get("message").toString())
                    .contains("Key (code)=(…) already exists");
            assertThat(records.toString()).doesNotContain("s3cr3t").doesNotContain("hunter2-code");
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry"
                    + " WHERE payload_type LIKE '%SchemaAppliedEvent'")).isOne();
        }
    }

    private static Map<String, Object> only(List<Map<String, Object>> records, String method, String outcome) {
        List<Map<String, Object>> found = records.stream()
                .filter(r -> method.equals(r.get("method")) && outcome.equals(r.get("outcome"))).toList();
        assertThat(found).as(method + " " + outcome).hasSize(1);
        return found.getFirst();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
