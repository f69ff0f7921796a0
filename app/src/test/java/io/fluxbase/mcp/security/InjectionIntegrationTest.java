package io.fluxbase.mcp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL injection through every argument of query_table, with a key of each kind: every attempt is refused (or, for
 * values, bound as data that matches nothing), quickly (no pg_sleep ran), and leaves the database as it was. The key
 * roles cannot read the server's own tables even with direct SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectionIntegrationTest {

    /** Any pg_sleep in the attempts would take at least a second per row. */
    static final Duration QUICK = Duration.ofSeconds(1);
    static final String TRICKY_OWNER = "mallory'; DROP TABLE accounts; --";

    TestServer server;
    McpSyncClient service;
    McpSyncClient anon;
    List<String> accountsBefore;
    long publicTablesBefore;
    long allTablesBefore;
    List<String> keyRegistryBefore;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TABLE public.accounts (id int PRIMARY KEY, owner text, balance numeric);
                INSERT INTO public.accounts VALUES (1, 'alice', 100.50), (2, 'bob', 20), (3, 'carol', 0),
                    (4, '%s', 5);
                """.formatted(TRICKY_OWNER.replace("'", "''")));
        // hundreds of attempts per minute: lift the per-key rate limit so every attempt reaches query_table
        service = server.client(server.createKey(Map.of("name", "service", "type", "service",
                "scopes", List.of("read:tables", "read:schema"), "rate_limit_per_min", 1_000_000)).secret());
        anon = server.client(server.createKey(Map.of("name", "anon", "type", "anon",
                "scopes", List.of("read:tables", "read:schema"), "rate_limit_per_min", 1_000_000)).secret());
        // warm both paths up, so the timing assertions measure the server rather than class loading
        for (int i = 0; i < 3; i++) {
            assertThat(ids(query(service, Map.of("table", "accounts", "order", "id")))).containsExactly(1, 2, 3, 4);
            assertThat(ids(query(anon, Map.of("table", "accounts", "order", "id")))).containsExactly(1, 2, 3, 4);
            query(service, Map.of("table", "nope"));
            query(anon, Map.of("table", "accounts", "filter", Map.of("id", "eq.x")));
        }
        accountsBefore = accounts();
        publicTablesBefore = server.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
        allTablesBefore = server.count("SELECT count(*) FROM pg_tables");
        keyRegistryBefore = keyRegistry();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** After every attempt: all rows still there, no table dropped or created, the key registry untouched. */
    @AfterEach
    void databaseIsIntact() {
        assertThat(accounts()).as("public.accounts rows").isEqualTo(accountsBefore);
        assertThat(server.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                .as("tables in public").isEqualTo(publicTablesBefore);
        assertThat(server.count("SELECT count(*) FROM pg_tables")).as("tables overall").isEqualTo(allTablesBefore);
        assertThat(keyRegistry()).as("fluxbase.key_registry").isEqualTo(keyRegistryBefore);
    }

    // ---- helpers ----

    List<String> accounts() {
        return strings("SELECT id || '|' || owner || '|' || balance FROM public.accounts ORDER BY id");
    }

    List<String> keyRegistry() {
        return strings("SELECT key_id || '|' || key_hash || '|' || status || '|' || array_to_string(scopes, ',')"
                + " FROM fluxbase.key_registry ORDER BY key_id");
    }

    List<String> strings(String sql) {
        try (Connection connection = server.database(); var statement = connection.createStatement();
                var rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static McpSchema.CallToolResult query(McpSyncClient client, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest("query_table", arguments));
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    static List<Object> ids(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isFalse();
        Map<String, Object> content = (Map<String, Object>) result.structuredContent();
        return ((List<Map<String, Object>>) content.get("rows")).stream().map(row -> row.get("id")).toList();
    }

    record Timed(McpSchema.CallToolResult result, Duration elapsed) {
    }

    static Timed timed(McpSyncClient client, Map<String, Object> arguments) {
        long start = System.nanoTime();
        McpSchema.CallToolResult result = query(client, arguments);
        return new Timed(result, Duration.ofNanos(System.nanoTime() - start));
    }

    Map<String, McpSyncClient> keys() {
        return Map.of("service", service, "anon", anon);
    }

    /** With each key: an isError result, answered quickly. */
    void assertRefused(Map<String, Object> arguments) {
        keys().forEach((kind, client) -> {
            Timed call = timed(client, arguments);
            assertThat(call.result().isError()).as("%s key, %s: %s", kind, arguments, call.result()).isTrue();
            assertThat(call.result().structuredContent()).as("%s key, %s", kind, arguments).isNull();
            assertThat(text(call.result())).as("%s key, %s", kind, arguments).isNotBlank()
                    .doesNotContain("alice", "carol", "\tat ", "at io.");
            assertThat(call.elapsed()).as("%s key, %s", kind, arguments).isLessThan(QUICK);
        });
    }

    /** With each key: either an isError result or data that matches no row, answered quickly. */
    void assertRefusedOrMatchesNothing(Map<String, Object> arguments) {
        keys().forEach((kind, client) -> {
            Timed call = timed(client, arguments);
            if (!call.result().isError()) {
                assertThat(ids(call.result())).as("%s key, %s", kind, arguments).isEmpty();
            }
            assertThat(call.elapsed()).as("%s key, %s", kind, arguments).isLessThan(QUICK);
        });
    }

    /** With each key: no error, and no row matches (the value was compared as data). */
    void assertMatchesNothing(Map<String, Object> arguments) {
        keys().forEach((kind, client) -> {
            Timed call = timed(client, arguments);
            assertThat(ids(call.result())).as("%s key, %s", kind, arguments).isEmpty();
            assertThat(call.elapsed()).as("%s key, %s", kind, arguments).isLessThan(QUICK);
        });
    }

    static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        map.put("table", "accounts");
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    // ---- tests ----

    @Nested
    class TableArgument {

        @ParameterizedTest
        @ValueSource(strings = {"accounts; DROP TABLE accounts", "accounts; DROP TABLE accounts; --", "accounts--",
                "accounts -- comment", "accounts\"; DROP TABLE accounts; --", "\"accounts\"; DROP TABLE accounts",
                "\"accounts\"\"; DROP TABLE accounts; --\"", "pg_catalog.pg_roles", "pg_catalog.pg_authid",
                "fluxbase.key_registry", "fluxbase.audit_log", "fluxbase.domain_event_entry", "\"fluxbase\".\"key_registry\"",
                "public.accounts; SELECT 1", "../etc", "../../etc/passwd", "information_schema.tables",
                "accounts, pg_catalog.pg_roles", "(SELECT 1)", "accounts a JOIN fluxbase.key_registry k ON true"})
        void injectedTableNamesAreRefused(String table) {
            assertRefused(Map.of("table", table));
        }

        @Test
        void quotedNameIsOnlyANameAndReadsThatTable() {
            // "accounts" is the documented quoted form of the name accounts (TableRef): the same table, nothing more
            keys().forEach((kind, client) -> {
                Timed call = timed(client, Map.of("table", "\"accounts\"", "order", "id"));
                assertThat(ids(call.result())).as(kind).containsExactly(1, 2, 3, 4);
                assertThat(call.elapsed()).as(kind).isLessThan(QUICK);
            });
            assertRefused(Map.of("table", "\"ACCOUNTS\""));
        }
    }

    @Nested
    class SelectArgument {

        @ParameterizedTest
        @ValueSource(strings = {"id; DROP TABLE accounts", "id, (select 1)", "*, pg_sleep(5)", "pg_sleep(5)",
                "id::text", "id, owner; DROP TABLE accounts", "id -- comment", "id\"--", "\"id\"",
                "id, (SELECT key_hash FROM fluxbase.key_registry LIMIT 1)", "row_to_json(_t)", "_t.*",
                "id from accounts; DROP TABLE accounts; --", "count(*)"})
        void injectedSelectListsAreRefused(String select) {
            assertRefused(args("select", select));
        }
    }

    @Nested
    class FilterColumns {

        @ParameterizedTest
        @ValueSource(strings = {"id; DROP", "id\"--", "id = 1 OR 1=1 --", "1=1) OR (1", "(select 1)",
                "id\"; DROP TABLE accounts; --", "_t.id", "pg_sleep(5)"})
        void injectedFilterColumnNamesAreRefused(String column) {
            assertRefused(args("filter", Map.of(column, "eq.1")));
        }
    }

    @Nested
    class FilterValues {

        static Stream<Arguments> injectedValues() {
            return Stream.of("eq.1; DROP TABLE accounts", "eq.1' OR '1'='1", "eq.1) OR (1=1",
                            "in.(1);DROP TABLE accounts", "in.(1) OR 1=1",
                            "in.(1,2)) OR ((1=1", "like.%' OR 1=1 --", "ilike.*' OR 1=1 --",
                            "is.null; DROP TABLE accounts", "cs.{1}; DROP TABLE accounts",
                            "eq.'); SELECT pg_sleep(5); --")
                    .flatMap(value -> Stream.of(Arguments.of("id", value), Arguments.of("owner", value),
                            Arguments.of("balance", value)));
        }

        @ParameterizedTest
        @MethodSource("injectedValues")
        void injectedValuesAreRefusedOrMatchNothing(String column, String value) {
            assertRefusedOrMatchesNothing(args("filter", Map.of(column, value)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"neq.x' OR 'a'='a", "gt.0; SELECT pg_sleep(5)", "lt.1 OR 1=1", "gte.1; DROP TABLE accounts",
                "neq.1) OR (1=1"})
        void injectedComparisonsOnNumbersAreRefused(String value) {
            assertRefused(args("filter", Map.of("id", value)));
            assertRefused(args("filter", Map.of("balance", value)));
        }

        @Test
        void negatedInjectionOnTextIsAPlainComparisonWithThatText() {
            // every owner differs from the literal text "x' OR 'a'='a", so all rows come back, and no more
            keys().forEach((kind, client) -> {
                Timed call = timed(client, args("filter", Map.of("owner", "neq.x' OR 'a'='a"), "order", "id"));
                assertThat(ids(call.result())).as(kind).containsExactly(1, 2, 3, 4);
                assertThat(call.elapsed()).as(kind).isLessThan(QUICK);
            });
        }

        @ParameterizedTest
        @ValueSource(strings = {"eq.1' OR '1'='1", "eq.alice' OR 'a'='a", "eq.alice'--", "like.%' OR 1=1 --",
                "ilike.*' OR '1'='1", "in.(alice' OR '1'='1)", "eq.'; SELECT pg_sleep(5); --"})
        void quotesInTextValuesAreComparedAsData(String value) {
            assertMatchesNothing(args("filter", Map.of("owner", value)));
        }

        @Test
        void aValueThatLooksLikeSqlMatchesOnlyTheRowHoldingExactlyThatText() {
            keys().forEach((kind, client) -> assertThat(ids(query(client,
                    args("filter", Map.of("owner", "eq." + TRICKY_OWNER))))).as(kind).containsExactly(4));
        }
    }

    @Nested
    class OrderArgument {

        @ParameterizedTest
        @ValueSource(strings = {"id; DROP TABLE accounts", "(select 1)", "id desc, pg_sleep(1)", "pg_sleep(1)",
                "id.desc; DROP TABLE accounts", "id.desc, (SELECT pg_sleep(1))", "id -- comment", "id\"--",
                "1", "id.asc.nullsfirst; DROP TABLE accounts", "random()", "id.desc.pg_sleep(1)"})
        void injectedOrderTermsAreRefused(String order) {
            assertRefused(args("order", order));
        }
    }

    @Nested
    class LimitAndOffset {

        @Test
        void limitAsAStringIsRefused() {
            assertRefused(args("limit", "10"));
            assertRefused(args("limit", "1; DROP TABLE accounts"));
            assertRefused(args("limit", "ALL"));
            assertRefused(args("limit", "1) OR pg_sleep(5"));
        }

        @Test
        void negativeOrFractionalLimitIsRefused() {
            assertRefused(args("limit", -1));
            assertRefused(args("limit", 0));
            assertRefused(args("limit", 1.5));
            assertRefused(args("limit", Long.MAX_VALUE));
        }

        @Test
        void offsetAsAStringIsRefused() {
            assertRefused(args("offset", "0"));
            assertRefused(args("offset", "0; DROP TABLE accounts"));
            assertRefused(args("offset", "0 OR pg_sleep(5)"));
        }

        @Test
        void negativeOffsetIsRefused() {
            assertRefused(args("offset", -1));
            assertRefused(args("offset", -100));
            assertRefused(args("offset", 0.5));
        }
    }

    @Nested
    class KeyRolesCannotReadInternals {

        static Stream<Arguments> roleAndTable() {
            return Stream.of("anon", "authenticated", "service_role").flatMap(role -> Stream.of(
                    "fluxbase.domain_event_entry", "fluxbase.audit_log", "fluxbase.key_registry",
                    "fluxbase.snapshot_event_entry", "fluxbase.token_entry", "fluxbase.admin_token",
                    "fluxbase.rate_window").map(table -> Arguments.of(role, table)));
        }

        @ParameterizedTest
        @MethodSource("roleAndTable")
        void directSelectAsAKeyRoleIsPermissionDenied(String role, String table) {
            try (Connection connection = server.database(); var statement = connection.createStatement()) {
                statement.execute("SET ROLE " + role);
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM " + table))
                        .isInstanceOf(SQLException.class)
                        .satisfies(error -> assertThat(((SQLException) error).getSQLState())
                                .as(error.getMessage()).isEqualTo("42501"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"anon", "authenticated", "service_role"})
        void theSameRoleCanReadThePublicTable(String role) {
            // the control: SET ROLE took effect and the refusals above are about privileges, not a broken setup
            try (Connection connection = server.database(); var statement = connection.createStatement()) {
                statement.execute("SET ROLE " + role);
                try (var rows = statement.executeQuery("SELECT current_user, count(*) FROM public.accounts"
                        + " GROUP BY current_user")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo(role);
                    assertThat(rows.getLong(2)).isEqualTo(4);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"anon", "authenticated", "service_role"})
        void keyRolesCannotCreateInTheInternalSchema(String role) {
            try (Connection connection = server.database(); var statement = connection.createStatement()) {
                statement.execute("SET ROLE " + role);
                assertThatThrownBy(() -> statement.execute("CREATE TABLE fluxbase.planted (x int)"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(error -> assertThat(((SQLException) error).getSQLState())
                                .as(error.getMessage()).isEqualTo("42501"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
