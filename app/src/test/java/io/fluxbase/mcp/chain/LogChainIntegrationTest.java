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
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tamper-evident log against a real server: the owner of the database tampers with it through SQL, as with
 * psql, and {@code fluxbase logs verify} names each change precisely with exit status 1. Each test undoes its
 * tampering, so the log verifies again after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogChainIntegrationTest {

    static final String CALL = "io.fluxbase.mcp.kernel.audit.CallRecordedEvent";

    TestServer server;
    long first;
    long second;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_AUDIT_CHECKPOINT_EVERY", "5"));
        server.applySql("""
                CREATE TABLE public.widgets (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO public.widgets VALUES (1, 'flange'), (2, 'grommet');
                """);
        TestServer.Key key = server.createKey("auditor", "service", "read:tables");
        McpSyncClient client = server.client(key.secret());
        for (int i = 0; i < 12; i++) {
            client.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "widgets")));
        }
        ChainedLogs.awaitChained(server, 1);
        List<Map<String, Object>> calls = server.rows("SELECT global_index FROM fluxbase.domain_event_entry"
                + " WHERE payload_type = ? ORDER BY global_index", CALL);
        first = (Long) calls.get(3).get("global_index");
        second = (Long) calls.get(7).get("global_index");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Run fluxbase(String... args) {
        return FluxbaseCommand.run(server, args);
    }


    void sql(String... statements) {
        try (Connection connection = server.database(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failed verification's finding, with exit status 1 and the summary naming it. */
    @SuppressWarnings("unchecked")
    Map<String, Object> failure(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "logs";
        args[1] = "verify";
        args[2] = "-o=json";
        System.arraycopy(extra, 0, args, 3, extra.length);
        Run run = fluxbase(args);
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        Map<String, Object> report = TestServer.JSON.readValue(run.out(), Map.class);
        assertThat(report).containsEntry("ok", false);
        return (Map<String, Object>) report.get("finding");
    }

    void verifiesOk() {
        Run run = fluxbase("logs", "verify");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("OK: ").contains("records verified").containsPattern("\\d+ signed checkpoints? verified");
    }

    @Test
    void anUntouchedLogVerifiesWithItsCountAndTimeRange() {
        @SuppressWarnings("unchecked")
        Map<String, Object> report = json(fluxbase("logs", "verify", "-o", "json"));
        assertThat(report).containsEntry("ok", true).containsEntry("finding", null);
        assertThat(((Number) report.get("records")).longValue())
                .isGreaterThanOrEqualTo(server.count("SELECT count(*) FROM fluxbase.log_chain") - 5);
        assertThat(((Number) report.get("checkpoints_verified")).longValue()).isPositive();
        assertThat(report.get("from")).isNotNull();
        assertThat(report.get("to")).isNotNull();
        assertThat(json(fluxbase("logs", "verify", "--since", "1h", "-o", "json"))).containsEntry("ok", true);
    }

    @Test
    void aCallsOutcomeChangedInsideItsPayloadIsNamedAltered() {
        sql("CREATE TABLE original AS SELECT * FROM fluxbase.domain_event_entry WHERE global_index = " + first,
                "UPDATE fluxbase.domain_event_entry SET payload = convert_to(regexp_replace(convert_from(payload,"
                        + " 'UTF8'), '\"outcome\":\"[^\"]*\"', '\"outcome\":\"DENIED\"'), 'UTF8')"
                        + " WHERE global_index = " + first);
        try {
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry e JOIN original o USING"
                    + " (global_index) WHERE e.payload <> o.payload")).as("the outcome was changed").isOne();
            Map<String, Object> finding = failure();
            assertThat(finding).containsEntry("kind", "altered").containsEntry("global_index", (int) first)
                    .containsEntry("type", "CallRecordedEvent");
            assertThat((String) finding.get("message")).contains("content differs");
        } finally {
            sql("UPDATE fluxbase.domain_event_entry e SET payload = o.payload FROM original o"
                    + " WHERE e.global_index = o.global_index", "DROP TABLE original");
        }
        verifiesOk();
    }

    @Test
    void aDeletedRecordIsNamedDeleted() {
        sql("CREATE TABLE original AS SELECT * FROM fluxbase.domain_event_entry WHERE global_index = " + first,
                "DELETE FROM fluxbase.domain_event_entry WHERE global_index = " + first);
        try {
            Map<String, Object> finding = failure();
            assertThat(finding).containsEntry("kind", "deleted").containsEntry("global_index", (int) first);
            assertThat(finding.get("event_id")).isEqualTo(server.rows("SELECT event_identifier FROM original")
                    .getFirst().get("event_identifier"));
        } finally {
            sql("INSERT INTO fluxbase.domain_event_entry SELECT * FROM original", "DROP TABLE original");
        }
        verifiesOk();
    }

    @Test
    void aRecordInsertedIntoTheLogIsNamedInserted() {
        sql("INSERT INTO fluxbase.domain_event_entry (global_index, aggregate_identifier, sequence_number,"
                + " event_identifier, payload, payload_type, time_stamp) SELECT 0, 'forged', 0, 'forged-event',"
                + " payload, payload_type, time_stamp FROM fluxbase.domain_event_entry WHERE global_index = "
                + first);
        try {
            Map<String, Object> finding = failure();
            assertThat(finding).containsEntry("kind", "inserted").containsEntry("global_index", 0)
                    .containsEntry("event_id", "forged-event").containsEntry("position", null);
        } finally {
            sql("DELETE FROM fluxbase.domain_event_entry WHERE global_index = 0");
        }
        verifiesOk();
    }

    @Test
    void twoSwappedRecordsAreNamedReordered() {
        String swap = "UPDATE fluxbase.domain_event_entry SET global_index = CASE global_index WHEN %d THEN %d"
                + " ELSE %d END WHERE global_index IN (%d, %d)";
        sql("UPDATE fluxbase.domain_event_entry SET global_index = -global_index WHERE global_index IN ("
                + first + ", " + second + ")", swap.formatted(-first, second, first, -first, -second));
        try {
            Map<String, Object> finding = failure();
            assertThat(finding).containsEntry("kind", "reordered").containsEntry("global_index", (int) first);
            assertThat((String) finding.get("message")).contains("which the chain has at position");
        } finally {
            sql("UPDATE fluxbase.domain_event_entry SET global_index = -global_index WHERE global_index IN ("
                    + first + ", " + second + ")", swap.formatted(-first, second, first, -first, -second));
        }
        verifiesOk();
    }

    @Test
    void anAlteredCheckpointSignatureIsNamed() {
        long position = server.count("SELECT min(position) FROM fluxbase.log_checkpoint");
        String flip = "UPDATE fluxbase.log_checkpoint SET signature = set_byte(signature, 10,"
                + " get_byte(signature, 10) # 1) WHERE position = " + position;
        sql(flip);
        try {
            Map<String, Object> finding = failure();
            assertThat(finding).containsEntry("kind", "checkpoint").containsEntry("position", (int) position);
            assertThat((String) finding.get("message")).contains("does not verify with the server's key");
        } finally {
            sql(flip);
        }
        verifiesOk();
    }

    @Test
    void theServersPublicKeyVerifiesAndAnotherKeyDoesNot(@TempDir Path dir) throws Exception {
        Path pub = dir.resolve("fluxbase-log.pub");
        Files.writeString(pub, fluxbase("logs", "pubkey").out());
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(json(fluxbase("logs", "verify", "--pubkey", pub.toString(), "-o", "json")))
                .containsEntry("ok", true);

        Path other = dir.resolve("other.pub");
        Files.writeString(other, io.fluxbase.mcp.kernel.chain.CheckpointKeys.pem(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
        Map<String, Object> finding = failure("--pubkey", other.toString());
        assertThat(finding).containsEntry("kind", "checkpoint");
        assertThat((String) finding.get("message")).contains("does not verify with the key in " + other);

        Run missing = fluxbase("logs", "verify", "--pubkey", dir.resolve("nope.pub").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("--pubkey: " + dir.resolve("nope.pub") + " does not exist");
        Path garbage = Files.writeString(dir.resolve("garbage.pub"), "not a key");
        Run wrong = fluxbase("logs", "verify", "--pubkey", garbage.toString());
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("not an Ed25519 public key");
    }

    @Test
    void anExportedFileVerifiesOnItsOwnAndATamperedOneDoesNot(@TempDir Path dir) throws Exception {
        Path pub = Files.writeString(dir.resolve("key.pub"), fluxbase("logs", "pubkey").out());
        for (String format : List.of("jsonl", "csv")) {
            Path file = dir.resolve("log." + format);
            Run exported = fluxbase("logs", "export", "--since", "1h", "--format", format, "--output", file.toString());
            assertThat(exported.exit()).as(exported.err()).isZero();
            assertThat(exported.out()).contains("exported ").contains(" records");
            Map<String, Object> report = json(fluxbase("logs", "verify", "--file", file.toString(), "--pubkey",
                    pub.toString(), "-o", "json"));
            assertThat(report).containsEntry("ok", true);
            assertThat(((Number) report.get("checkpoints_verified")).intValue()).isPositive();

            String text = Files.readString(file);
            String tampered = text.contains("\"outcome\":\"ok\"") ? text.replaceFirst("\"payload\":\"[A-Za-z0-9+/]",
                    "\"payload\":\"A") : text;
            if (format.equals("csv")) {
                tampered = text.replaceFirst("\nrecord,(\\d+),(\\d+)", "\nrecord,$1,9$2");
            }
            Path bad = Files.writeString(dir.resolve("tampered." + format), tampered);
            Run refused = fluxbase("logs", "verify", "--file", bad.toString(), "--pubkey", pub.toString());
            assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
            assertThat(refused.out()).matches("(?s)(ALTERED|REORDERED|INSERTED): .*");
        }
        Run filtered = fluxbase("logs", "export", "--since", "1h", "--category", "mcp", "--key", "auditor",
                "--output", dir.resolve("mine.jsonl").toString());
        assertThat(filtered.exit()).as(filtered.err()).isZero();
        assertThat(json(fluxbase("logs", "verify", "--file", dir.resolve("mine.jsonl").toString(), "-o", "json")))
                .containsEntry("ok", true);
    }

    /**
     * What the chain alone cannot see in a file: a record's line removed (a filtered export has gaps, so a gap proves
     * nothing), a column the audit log adds (outcome, key, method) changed, the seal cut off the end.
     */
    @Test
    void anExportedFileWithALineRemovedOrAnAuditColumnChangedDoesNotVerify(@TempDir Path dir) throws Exception {
        Path pub = Files.writeString(dir.resolve("key.pub"), fluxbase("logs", "pubkey").out());
        for (String format : List.of("jsonl", "csv")) {
            Path file = dir.resolve("whole." + format);
            assertThat(fluxbase("logs", "export", "--since", "1h", "--format", format, "--output", file.toString())
                    .exit()).isZero();
            List<String> lines = Files.readAllLines(file);
            String record = format.equals("csv") ? "record," : "{\"record\":";
            int third = 0;
            for (int i = 0, records = 0; i < lines.size() && third == 0; i++) {
                if (lines.get(i).startsWith(record) && ++records == 3) {
                    third = i;
                }
            }
            List<String> removed = new java.util.ArrayList<>(lines);
            removed.remove(third);
            assertThat(refusedWith(dir, format, removed, pub)).startsWith("ALTERED: ")
                    .contains("lines were removed, added or changed after the export");

            List<String> relabelled = new java.util.ArrayList<>(lines);
            String ok = format.equals("csv") ? ",ok," : "\"outcome\":\"ok\"";
            int call = 0;
            while (!relabelled.get(call).contains(ok)) {
                call++;
            }
            relabelled.set(call, relabelled.get(call).replace(ok, ok.replace("ok", "denied")));
            assertThat(refusedWith(dir, format, relabelled, pub)).startsWith("ALTERED: ")
                    .contains("lines were removed, added or changed after the export");

            assertThat(refusedWith(dir, format, lines.subList(0, lines.size() - 1), pub)).startsWith("DELETED: ")
                    .contains("does not end with the export's seal");
        }
    }

    private String refusedWith(Path dir, String format, List<String> lines, Path pub) throws java.io.IOException {
        Path bad = Files.write(dir.resolve("tampered." + format), lines);
        Run refused = fluxbase("logs", "verify", "--file", bad.toString(), "--pubkey", pub.toString());
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
        return refused.out();
    }

    @Test
    void anExportToAPathThatCannotBeWrittenSaysSoAndLeavesNoFile(@TempDir Path dir) {
        Path target = dir.resolve("missing-dir").resolve("log.jsonl");
        Run run = fluxbase("logs", "export", "--since", "1h", "--output", target.toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--output: cannot write " + target).contains("does not exist");
        assertThat(target.getParent()).doesNotExist();
        assertThat(dir.toFile().list()).isEmpty();
    }
}
