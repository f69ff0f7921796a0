package io.fluxbase.mcp.chain;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Retention on a real server: call records older than {@code audit.retention} go, with their audit-log rows; keys
 * stay; a signed checkpoint stands at the cut; verify still proves everything, saying what was pruned, and still
 * catches a deletion before the cut that retention would never make.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogRetentionIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_AUDIT_RETENTION", "3s"));
        server.applySql("CREATE TABLE public.widgets (id int PRIMARY KEY); INSERT INTO public.widgets VALUES (1);");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Run fluxbase(String... args) {
        return FluxbaseCommand.run(server, args);
    }


    @Test
    @SuppressWarnings("unchecked")
    void pruningRemovesOldCallRecordsAndVerifyStillProvesTheRest() throws Exception {
        TestServer.Key key = server.createKey("old-caller", "service", "read:tables", "write:tables");
        McpSyncClient client = server.client(key.secret());
        for (int i = 0; i < 5; i++) {
            client.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "widgets")));
        }
        client.callTool(new McpSchema.CallToolRequest("insert_record", Map.of("table", "widgets",
                "data", Map.of("id", 2))));
        ChainedLogs.awaitChained(server, 0);
        Thread.sleep(3_500);
        client.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "widgets")));
        client.callTool(new McpSchema.CallToolRequest("insert_record", Map.of("table", "widgets",
                "data", Map.of("id", 3))));
        ChainedLogs.awaitChained(server, 0);
        TestServer.await("both inserts' history", () -> server.count("SELECT count(*) FROM fluxbase.row_history"
                + " WHERE table_name = 'public.widgets'") == 2);
        long callsBefore = server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ?", key.id());
        long keyEvents = server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%ClientKeyCreatedEvent'");

        Map<String, Object> pruned = server.admin("POST", "/admin/v1/logs/prune", Map.of(), 200);
        assertThat(((Number) pruned.get("pruned")).longValue()).isGreaterThanOrEqualTo(5);
        long cut = ((Number) pruned.get("through_position")).longValue();
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ?", key.id()))
                .isLessThan(callsBefore).isPositive();
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%ClientKeyCreatedEvent'")).as("keys' events are kept").isEqualTo(keyEvents);
        assertThat(server.count("SELECT count(*) FROM fluxbase.log_checkpoint WHERE position = ?", cut)).isOne();
        assertThat(server.count("SELECT count(*) FROM fluxbase.row_history WHERE table_name = 'public.widgets'"
                + " AND row_key = '2'")).as("the pruned change's history goes with it").isZero();
        assertThat(server.count("SELECT count(*) FROM fluxbase.row_history WHERE table_name = 'public.widgets'"
                + " AND row_key = '3'")).isOne();
        TestServer.await("the pruning is itself in the log", () -> server.count("SELECT count(*) FROM"
                + " fluxbase.domain_event_entry WHERE payload_type LIKE '%LogPrunedEvent'") == 1);
        ChainedLogs.awaitChained(server, 0);
        TestServer.await("the pruning's admin record is in the audit log", () -> server.count("SELECT count(*)"
                + " FROM fluxbase.audit_log WHERE method = 'logs.prune'") == 1);
        List<Map<String, Object>> admin = (List<Map<String, Object>>) json(fluxbase("logs", "list", "--category",
                "admin", "--since", "10m", "--limit", "100", "-o", "json")).get("records");
        assertThat(admin).filteredOn(r -> "logs.prune".equals(r.get("method"))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("category", "admin").containsEntry("outcome", "ok")
                        .containsEntry("rows", ((Number) pruned.get("pruned")).intValue())
                        .containsEntry("target", "through chain position " + cut + ", before "
                                + pruned.get("cut_before")));

        Map<String, Object> report = json(fluxbase("logs", "verify", "-o", "json"));
        assertThat(report).containsEntry("ok", true);
        assertThat(((Number) report.get("pruned")).longValue()).isEqualTo(((Number) pruned.get("pruned")).longValue());
        assertThat((Map<String, Object>) report.get("pruned_through")).containsEntry("position", (int) cut);
        assertThat((String) report.get("summary")).contains("were pruned by retention: out of range");
        // an export carries the signed cut, and the file verifies on its own with the server's public key
        Path dir = Files.createTempDirectory("pruned-export");
        Path exported = dir.resolve("log.csv");
        Path pub = dir.resolve("server.pub");
        Files.writeString(pub, fluxbase("logs", "pubkey").out());
        assertThat(fluxbase("logs", "export", "--since", "10m", "--format", "csv", "--output", exported.toString())
                .exit()).isZero();
        assertThat(json(fluxbase("logs", "verify", "--file", exported.toString(), "--pubkey", pub.toString(),
                "-o", "json"))).containsEntry("ok", true);

        String keyEvent = "(SELECT global_index FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%ClientKeyCreatedEvent' ORDER BY global_index LIMIT 1)";
        try (var connection = server.database(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE original AS SELECT * FROM fluxbase.domain_event_entry WHERE global_index = "
                    + keyEvent);
            statement.execute("DELETE FROM fluxbase.domain_event_entry WHERE global_index IN (SELECT global_index"
                    + " FROM original)");
            Run run = fluxbase("logs", "verify");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).startsWith("DELETED: ").contains("ClientKeyCreatedEvent")
                    .contains("retention prunes only call records and data changes");
            // its chain row relabelled as a call record, which the signed cut would account for: the row's type is
            // in its chain hash, so the relabelling shows
            String link = "fluxbase.log_chain WHERE global_index IN (SELECT global_index FROM original)";
            statement.execute("CREATE TABLE original_link AS SELECT * FROM " + link);
            statement.execute("UPDATE " + link.replace(" WHERE", " SET payload_type ="
                    + " 'io.fluxbase.mcp.kernel.audit.CallRecordedEvent' WHERE"));
            Run relabelled = fluxbase("logs", "verify");
            assertThat(relabelled.exit()).isEqualTo(1);
            assertThat(relabelled.out()).startsWith("INSERTED: ").contains("a chain row was inserted or rewritten");
            statement.execute("UPDATE fluxbase.log_chain c SET payload_type = o.payload_type FROM original_link o"
                    + " WHERE c.position = o.position");
            statement.execute("INSERT INTO fluxbase.domain_event_entry SELECT * FROM original");
        }
        assertThat(fluxbase("logs", "verify").exit()).isZero();
    }

    /** Someone with the database but not the signing key writes a pruning note, then deletes call records. */
    @Test
    void aPruningNoteWrittenIntoTheDatabaseExcusesNoDeletion() throws Exception {
        TestServer.Key key = server.createKey("forgery-victim", "service", "read:tables");
        server.client(key.secret()).callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "widgets")));
        ChainedLogs.awaitChained(server, 0);
        String calls = "SELECT * FROM fluxbase.domain_event_entry WHERE payload_type LIKE '%CallRecordedEvent'"
                + " AND convert_from(payload, 'UTF8') LIKE '%" + key.id() + "%'";
        try (var connection = server.database(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE forged_away AS " + calls);
            statement.execute("INSERT INTO fluxbase.log_pruning (through_position, cut_before, pruned_at,"
                    + " records_removed) SELECT max(position), now() + interval '1 hour', now(), 1"
                    + " FROM fluxbase.log_chain");
            statement.execute("DELETE FROM fluxbase.domain_event_entry WHERE global_index IN (SELECT global_index"
                    + " FROM forged_away)");
            Run run = fluxbase("logs", "verify");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).startsWith("DELETED: ").contains("is not signed with the server's key");
            statement.execute("INSERT INTO fluxbase.domain_event_entry SELECT * FROM forged_away");
            statement.execute("DELETE FROM fluxbase.log_pruning WHERE signature IS NULL");
        }
        assertThat(fluxbase("logs", "verify").exit()).isZero();
    }

    @Test
    void theSigningKeyIsCreatedInTheDataDirectoryReadableByItsOwnerOnly() throws Exception {
        var file = server.server().dataDir().resolve("log-signing.key");
        assertThat(fluxbase("logs", "pubkey").out()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
