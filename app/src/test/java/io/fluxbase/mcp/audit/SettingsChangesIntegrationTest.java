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
 * record naming what changed, old and new; secrets (the database URL) only as changed. An unchanged restart leaves
 * none.
 */
class SettingsChangesIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void aStartWithOtherSettingsLeavesOneAdminRecordNamingTheChange() throws SQLException {
        start(Map.of("FLUXBASE_MCP_RATE_LIMIT_PER_MIN", "100")).close();
        start(Map.of("FLUXBASE_MCP_RATE_LIMIT_PER_MIN", "100")).close();
        try (FluxbaseServer third = start(Map.of("FLUXBASE_MCP_RATE_LIMIT_PER_MIN", "40"))) {
            List<String[]> records = settingsRecords(third);
            assertThat(records).hasSize(2);
            assertThat(records.get(0)[1]).startsWith("first start on this database:")
                    .contains("mcp.rate_limit_per_min = '100'").doesNotContain(third.database().password());
            assertThat(records.get(1)[0]).isEqualTo("mcp.rate_limit_per_min");
            assertThat(records.get(1)[1]).isEqualTo("mcp.rate_limit_per_min: '100' -> '40'");
        }
    }

    private FluxbaseServer start(Map<String, String> environment) {
        return FluxbaseServer.start(new ServerOptions(dataDir, "127.0.0.1", 0, null, environment, false));
    }

    /** {target, message} of every settings.change record, oldest first, once the audit log shows them. */
    private static List<String[]> settingsRecords(FluxbaseServer server) throws SQLException {
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
            if (found.size() >= 2 || System.nanoTime() > deadline) {
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
}
