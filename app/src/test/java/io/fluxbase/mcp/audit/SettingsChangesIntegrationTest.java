package io.fluxbase.mcp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.server.FluxbaseServer;
import io.fluxbase.mcp.server.ServerOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings are read at start, so a start with other settings than the last one on this database leaves one admin
 * record naming what changed, old and new; credentials (the database URL, the embeddings API key) only as set or
 * changed. An unchanged restart leaves none.
 */
class SettingsChangesIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void aStartWithOtherSettingsLeavesOneAdminRecordNamingTheChange() throws SQLException {
        start(Map.of("FLUXBASE_MCP_RATE_LIMIT_PER_MIN", "100")).close();
        start(Map.of("FLUXBASE_MCP_RATE_LIMIT_PER_MIN", "100")).close();
        try (FluxbaseServer third = start(Map.of("FLUXBASE_MCP_RATE_LIMIT_PER_MIN", "40"))) {
            List<String[]> records = settingsRecords(third, 2);
            assertThat(records).hasSize(2);
            assertThat(records.get(0)[1]).startsWith("first start on this database:")
                    .contains("mcp.rate_limit_per_min = '100'").doesNotContain(third.database().password());
            assertThat(records.get(1)[0]).isEqualTo("mcp.rate_limit_per_min");
            assertThat(records.get(1)[1]).isEqualTo("mcp.rate_limit_per_min: '100' -> '40'");
        }
    }

    @Test
    void anEmbeddingsApiKeyIsRecordedOnlyAsSetOrChangedAndNeverKept() throws SQLException {
        String first = "sk-proj-first-7731";
        String second = "sk-proj-second-9054";
        try (FluxbaseServer server = start(Map.of("FLUXBASE_VECTORS_OPENAI_API_KEY", first))) {
            assertThat(settingsRecords(server, 1).get(0)[1]).contains("vectors.openai.api_key = (set)")
                    .doesNotContain(first);
            // as an earlier server kept it
            execute(server, "UPDATE fluxbase.settings_seen SET value_shown = '" + first
                    + "' WHERE name = 'vectors.openai.api_key'");
        }
        try (FluxbaseServer server = start(Map.of("FLUXBASE_VECTORS_OPENAI_API_KEY", second))) {
            List<String[]> records = settingsRecords(server, 2);
            assertThat(records).hasSize(2);
            assertThat(records.get(1)[1]).isEqualTo("vectors.openai.api_key: (secret) -> (secret, changed)");
            assertThat(String.join("\n", shownValues(server))).doesNotContain(first).doesNotContain(second);
        }
    }

    private FluxbaseServer start(Map<String, String> environment) {
        return FluxbaseServer.start(new ServerOptions(dataDir, "127.0.0.1", 0, null, environment, false));
    }

    /** {target, message} of every settings.change record, oldest first, once the audit log shows them. */
    private static List<String[]> settingsRecords(FluxbaseServer server, int expected) throws SQLException {
        var url = server.database();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            List<String[]> found = new ArrayList<>();
            try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                    ResultSet rows = connection.createStatement().executeQuery("SELECT target, message FROM"
                            + " fluxbase.audit_log WHERE category = 'admin' AND method = 'settings.change'"
                            + " ORDER BY global_index")) {
                while (rows.next()) {
                    found.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            if (found.size() >= expected || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    private static void execute(FluxbaseServer server, String sql) throws SQLException {
        var url = server.database();
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            connection.createStatement().execute(sql);
        }
    }

    /** Every value the server keeps as seen, as shown. */
    private static List<String> shownValues(FluxbaseServer server) throws SQLException {
        var url = server.database();
        List<String> shown = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT coalesce(value_shown, '') FROM fluxbase.settings_seen")) {
            while (rows.next()) {
                shown.add(rows.getString(1));
            }
        }
        return shown;
    }
}
