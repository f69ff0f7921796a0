package io.fluxbase.mcp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A key does exactly what its scopes say: tools and resources outside them are hidden from listings and refused when
 * called anyway, whatever the key's type, and every refusal is audited as {@code denied / missing_scope}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TABLE public.notes (id int PRIMARY KEY, body text);
                INSERT INTO public.notes VALUES (1, 'first'), (2, 'second');
                """);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    // ---- helpers ----

    record Client(TestServer.Key key, McpSyncClient mcp) {
    }

    Client client(String name, String type, String... scopes) {
        TestServer.Key key = server.createKey(name, type, scopes);
        return new Client(key, server.client(key.secret()));
    }

    static McpSchema.CallToolResult queryNotes(McpSyncClient client) {
        return client.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "notes", "order", "id")));
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    static List<String> toolNames(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    static List<String> resourceUris(McpSyncClient client) {
        return client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
    }

    static List<String> templateUris(McpSyncClient client) {
        return client.listResourceTemplates().resourceTemplates().stream()
                .map(McpSchema.ResourceTemplate::uriTemplate).toList();
    }

    /** Audit rows for one key and method, oldest first, read as the database owner. */
    List<Map<String, Object>> auditRows(String keyId, String method) {
        try (Connection connection = server.database(); var statement = connection.prepareStatement("""
                SELECT category, outcome, error_code, target, message FROM fluxbase.audit_log
                WHERE key_id = ? AND method = ? ORDER BY global_index""")) {
            statement.setString(1, keyId);
            statement.setString(2, method);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String column : List.of("category", "outcome", "error_code", "target", "message")) {
                        row.put(column, result.getString(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until exactly {@code expected} records exist for this key and method, then returns them. */
    List<Map<String, Object>> awaitAudit(String keyId, String method, int expected) {
        TestServer.await(expected + " " + method + " record(s) of " + keyId,
                () -> auditRows(keyId, method).size() >= expected);
        List<Map<String, Object>> rows = auditRows(keyId, method);
        assertThat(rows).as("audit records of %s %s", keyId, method).hasSize(expected);
        return rows;
    }

    static void assertMissingScope(McpSchema.CallToolResult result, String scope) {
        assertThat(result.isError()).as("isError of %s", result).isTrue();
        assertThat(text(result)).contains("'" + scope + "'").contains("query_table");
        assertThat(result.structuredContent()).isNull();
    }

    // ---- tests ----

    @Nested
    class SchemaOnlyKey {

        @Test
        void doesNotSeeQueryTableInTheToolList() {
            Client schema = client("schema-only-list", "anon", "read:schema");
            assertThat(toolNames(schema.mcp())).doesNotContain("query_table");
        }

        @Test
        void callingQueryTableAnywayIsAnIsErrorResultNamingTheMissingScope() {
            Client schema = client("schema-only-call", "anon", "read:schema");
            McpSchema.CallToolResult result = queryNotes(schema.mcp());
            assertMissingScope(result, "read:tables");
            assertThat(text(result)).doesNotContain("first", "second");
        }

        @Test
        void theRefusedCallLeavesOneDeniedAuditRecord() {
            Client schema = client("schema-only-audit", "anon", "read:schema");
            queryNotes(schema.mcp());
            Map<String, Object> record = awaitAudit(schema.key().id(), "tools/call", 1).get(0);
            assertThat(record).containsEntry("category", "mcp").containsEntry("outcome", "denied")
                    .containsEntry("error_code", "missing_scope").containsEntry("target", "query_table");
            assertThat((String) record.get("message")).contains("read:tables");
        }

        @Test
        void stillReadsTheSchemaResources() {
            Client schema = client("schema-only-read", "anon", "read:schema");
            assertThat(resourceUris(schema.mcp())).contains("schema://tables");
            assertThat(templateUris(schema.mcp())).contains("schema://tables/{table}");
            McpSchema.ReadResourceResult tables = schema.mcp().readResource(
                    new McpSchema.ReadResourceRequest("schema://tables"));
            assertThat(((McpSchema.TextResourceContents) tables.contents().get(0)).text()).contains("notes");
        }
    }

    @Nested
    class TablesOnlyKey {

        @Test
        void doesNotSeeTheSchemaResourcesInListings() {
            Client tables = client("tables-only-list", "anon", "read:tables");
            assertThat(resourceUris(tables.mcp())).noneMatch(uri -> uri.startsWith("schema://"));
            assertThat(templateUris(tables.mcp())).noneMatch(uri -> uri.startsWith("schema://"));
        }

        @Test
        void readingSchemaTablesAnywayFailsNamingTheMissingScope() {
            Client tables = client("tables-only-read", "anon", "read:tables");
            Throwable thrown = catchThrowable(() -> tables.mcp().readResource(
                    new McpSchema.ReadResourceRequest("schema://tables")));
            Map<String, Object> record = awaitAudit(tables.key().id(), "resources/read", 1).get(0);
            assertSoftly(softly -> {
                softly.assertThat(thrown).isInstanceOf(McpError.class).hasMessageContaining("read:schema");
                softly.assertThat(record).containsEntry("outcome", "denied")
                        .containsEntry("error_code", "missing_scope").containsEntry("target", "schema://tables");
            });
        }

        @Test
        void readingOneTablesSchemaAnywayFailsNamingTheMissingScope() {
            Client tables = client("tables-only-template", "anon", "read:tables");
            assertThatThrownBy(() -> tables.mcp().readResource(
                    new McpSchema.ReadResourceRequest("schema://tables/notes")))
                    .isInstanceOf(McpError.class)
                    .hasMessageContaining("read:schema")
                    .satisfies(error -> assertThat(error.getMessage()).doesNotContain("body", "integer"));
        }

        @Test
        void stillQueriesTables() {
            Client tables = client("tables-only-query", "anon", "read:tables");
            assertThat(toolNames(tables.mcp())).contains("query_table");
            McpSchema.CallToolResult result = queryNotes(tables.mcp());
            assertThat(result.isError()).as(text(result)).isFalse();
            assertThat(text(result)).contains("first", "second");
        }
    }

    @Nested
    class ServiceKeys {

        @Test
        void serviceKeyWithOnlyReadSchemaIsNoWildcard() {
            Client service = client("service-schema-only", "service", "read:schema");
            assertThat(toolNames(service.mcp())).doesNotContain("query_table");
            McpSchema.CallToolResult result = queryNotes(service.mcp());
            assertMissingScope(result, "read:tables");
            Map<String, Object> record = awaitAudit(service.key().id(), "tools/call", 1).get(0);
            assertThat(record).containsEntry("outcome", "denied").containsEntry("error_code", "missing_scope")
                    .containsEntry("target", "query_table");
        }

        @Test
        void serviceKeyWithOnlyReadTablesCannotReadTheSchema() {
            Client service = client("service-tables-only", "service", "read:tables");
            assertThat(resourceUris(service.mcp())).noneMatch(uri -> uri.startsWith("schema://"));
            assertThat(templateUris(service.mcp())).noneMatch(uri -> uri.startsWith("schema://"));
            assertThatThrownBy(() -> service.mcp().readResource(
                    new McpSchema.ReadResourceRequest("schema://tables")))
                    .isInstanceOf(McpError.class)
                    .hasMessageContaining("read:schema");
        }
    }

    @Nested
    class BothScopes {

        @Test
        void seesToolsAndResourcesInAStableOrder() {
            Client both = client("both", "anon", "read:tables", "read:schema");
            List<String> tools = toolNames(both.mcp());
            List<String> resources = resourceUris(both.mcp());
            List<String> templates = templateUris(both.mcp());
            assertThat(tools).contains("query_table");
            assertThat(resources).contains("schema://tables");
            assertThat(templates).contains("schema://tables/{table}");
            assertThat(tools).isSorted();

            for (int i = 0; i < 3; i++) {
                assertThat(toolNames(both.mcp())).isEqualTo(tools);
                assertThat(resourceUris(both.mcp())).isEqualTo(resources);
                assertThat(templateUris(both.mcp())).isEqualTo(templates);
            }
            Client again = client("both-again", "service", "read:schema", "read:tables");
            assertThat(toolNames(again.mcp())).isEqualTo(tools);
            assertThat(resourceUris(again.mcp())).isEqualTo(resources);
            assertThat(templateUris(again.mcp())).isEqualTo(templates);
        }

        @Test
        void canCallQueryTableAndReadTheSchema() {
            Client both = client("both-use", "anon", "read:tables", "read:schema");
            McpSchema.CallToolResult result = queryNotes(both.mcp());
            assertThat(result.isError()).as(text(result)).isFalse();
            assertThat(text(result)).contains("first", "second");
            McpSchema.ReadResourceResult table = both.mcp().readResource(
                    new McpSchema.ReadResourceRequest("schema://tables/notes"));
            assertThat(((McpSchema.TextResourceContents) table.contents().get(0)).text()).contains("body");
            List<Map<String, Object>> records = awaitAudit(both.key().id(), "tools/call", 1);
            assertThat(records.get(0)).containsEntry("outcome", "ok").containsEntry("target", "query_table");
        }
    }
}
