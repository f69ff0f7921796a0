package io.fluxbase.mcp.tool;

import static io.fluxbase.mcp.support.ToolAnswers.answer;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static io.fluxbase.mcp.support.ToolAnswers.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryTableToolIntegrationTest {

    static final String ALICE = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    TestServer server;
    McpSyncClient service;
    McpSyncClient alice;
    McpSyncClient bob;
    McpSyncClient anon;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_MCP_READ_TIMEOUT", "2s", "FLUXBASE_MCP_MAX_RESULT_BYTES", "65536",
                "FLUXBASE_AUDIT_CHANGE_VALUES", "full"));
        server.applySql("""
                CREATE TABLE public.tasks (id int PRIMARY KEY, title text NOT NULL, status text, priority int,
                    user_id uuid, tags text[], due date);
                ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "Users see own data" ON public.tasks FOR SELECT USING (auth.uid() = user_id);
                INSERT INTO public.tasks VALUES
                  (1, 'write spec', 'done', 1, '%1$s', '{urgent,docs}', '2026-12-01'),
                  (2, 'review', 'open', NULL, '%1$s', '{}', NULL),
                  (3, 'ship', 'open', 3, '%2$s', '{urgent}', '2026-12-24'),
                  (4, 'O''Brien''s task', 'blocked', 2, '%2$s', NULL, NULL);
                CREATE TABLE public.measures (id int PRIMARY KEY, exact numeric, doc json);
                INSERT INTO public.measures VALUES (1, 12345678901234567890.0123456789, '{"k": [1, 2.50]}');
                """.formatted(ALICE, BOB));
        String[] scopes = {"read:tables", "read:schema"};
        service = server.client(server.createKey("service", "service", scopes).secret());
        alice = server.client(server.createKey(Map.of("name", "alice", "type", "anon", "scopes",
                List.of(scopes), "user_id", ALICE)).secret());
        bob = server.client(server.createKey(Map.of("name", "bob", "type", "anon", "scopes",
                List.of(scopes), "user_id", BOB)).secret());
        anon = server.client(server.createKey("anon", "anon", scopes).secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static McpSchema.CallToolResult query(McpSyncClient client, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest("query_table", arguments));
    }

    @SuppressWarnings("unchecked")
    static List<Object> ids(McpSchema.CallToolResult result) {
        return ((List<Map<String, Object>>) ok(result).get("rows")).stream().map(row -> row.get("id")).toList();
    }

    @Nested
    class RowLevelSecurity {

        @Test
        void serviceKeySeesEveryRow() {
            assertThat(ids(query(service, Map.of("table", "tasks", "order", "id")))).containsExactly(1, 2, 3, 4);
        }

        @Test
        void userBoundKeySeesOnlyItsUsersRows() {
            assertThat(ids(query(alice, Map.of("table", "tasks", "order", "id")))).containsExactly(1, 2);
            assertThat(ids(query(bob, Map.of("table", "tasks", "order", "id")))).containsExactly(3, 4);
        }

        @Test
        void userBoundKeyCannotReachOtherUsersRowsByFilter() {
            assertThat(ids(query(alice, Map.of("table", "tasks", "filter", Map.of("user_id", "eq." + BOB)))))
                    .isEmpty();
            assertThat(ids(query(alice, Map.of("table", "tasks", "filter", Map.of("id", "eq.3"))))).isEmpty();
        }

        @Test
        void unboundAnonKeySeesNothingThePolicyDoesNotAllow() {
            assertThat(ids(query(anon, Map.of("table", "tasks")))).isEmpty();
        }
    }

    @Test
    void valuesComeBackAsPostgresqlWroteThemDigitForDigit() {
        // rows go into the answer as PostgreSQL rendered them: a numeric is not rounded through a double on the way
        McpSchema.CallToolResult result = query(service, Map.of("table", "measures"));
        String text = ((McpSchema.TextContent) result.content().getFirst()).text();
        assertThat(text).contains("\"exact\":12345678901234567890.0123456789", "\"doc\":{\"k\": [1, 2.50]}");
        assertThat(ok(result).get("rows")).asList().hasSize(1);
    }

    @Nested
    class Filtering {

        @Test
        void filtersWithEveryComparisonOperator() {
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("status", "eq.open"),
                    "order", "id")))).containsExactly(2, 3);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("status", "neq.open"),
                    "order", "id")))).containsExactly(1, 4);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("priority", "gt.1"),
                    "order", "id")))).containsExactly(3, 4);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("priority", "gte.2"),
                    "order", "id")))).containsExactly(3, 4);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("priority", "lt.3"),
                    "order", "id")))).containsExactly(1, 4);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("due", "lte.2026-12-01"),
                    "order", "id")))).containsExactly(1);
        }

        @Test
        void filtersWithPatternsListsNullsAndArrays() {
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("title", "like.*e*"),
                    "order", "id")))).containsExactly(1, 2, 4);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("title", "ilike.SHIP")))))
                    .containsExactly(3);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("id", "in.(1,3)"),
                    "order", "id")))).containsExactly(1, 3);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("priority", "is.null")))))
                    .containsExactly(2);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("tags", "cs.{urgent}"),
                    "order", "id")))).containsExactly(1, 3);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("tags", "cd.{urgent,docs,x}"),
                    "order", "id")))).containsExactly(1, 2, 3);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("tags", "ov.{docs}")))))
                    .containsExactly(1);
        }

        @Test
        void filtersWithNot() {
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("id", "not.in.(1,3)"),
                    "order", "id")))).containsExactly(2, 4);
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("priority", "not.is.null"),
                    "order", "id")))).containsExactly(1, 3, 4);
        }

        @Test
        void quotesInValuesAreDataNotSql() {
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("title", "eq.O'Brien's task")))))
                    .containsExactly(4);
        }
    }

    @Nested
    class OrderingAndPaging {

        @Test
        void ordersWithNullsFirstAndLast() {
            assertThat(ids(query(service, Map.of("table", "tasks", "order", "priority.desc.nullslast,id"))))
                    .containsExactly(3, 4, 1, 2);
            assertThat(ids(query(service, Map.of("table", "tasks", "order", "priority.asc.nullsfirst"))))
                    .containsExactly(2, 1, 4, 3);
        }

        @Test
        @SuppressWarnings("unchecked")
        void limitCutsTheResultAndSaysWhereToContinue() {
            McpSchema.CallToolResult first = query(service, Map.of("table", "tasks", "order", "id", "limit", 3));
            assertThat(ids(first)).containsExactly(1, 2, 3);
            Map<String, Object> content = (Map<String, Object>) first.structuredContent();
            assertThat(content).containsEntry("truncated", true).containsEntry("next_offset", 3);
            McpSchema.CallToolResult rest = query(service, Map.of("table", "tasks", "order", "id", "limit", 3,
                    "offset", 3));
            assertThat(ids(rest)).containsExactly(4);
            assertThat((Map<String, Object>) rest.structuredContent()).containsEntry("truncated", false);
        }

        @Test
        @SuppressWarnings("unchecked")
        void selectReturnsOnlyTheNamedColumns() {
            McpSchema.CallToolResult result = query(service, Map.of("table", "tasks", "select", "id,title",
                    "filter", Map.of("id", "eq.1")));
            List<Map<String, Object>> rows = (List<Map<String, Object>>) ((Map<String, Object>) result
                    .structuredContent()).get("rows");
            assertThat(rows).containsExactly(Map.of("id", 1, "title", "write spec"));
            assertThat(text(result)).contains("\"title\":\"write spec\"");
        }
    }

    @Nested
    class BadInput {

        @Test
        void unknownColumnIsAToolErrorNamingTheColumn() {
            McpSchema.CallToolResult result = query(service, Map.of("table", "tasks", "filter",
                    Map.of("stauts", "eq.open")));
            assertThat(result.isError()).isTrue();
            assertThat(text(result)).contains("stauts").contains("status");
        }

        @Test
        void unknownTableIsAToolErrorNamingTheTable() {
            McpSchema.CallToolResult result = query(service, Map.of("table", "nope"));
            assertThat(result.isError()).isTrue();
            assertThat(text(result)).contains("'nope'").contains("schema://tables");
        }

        @Test
        void aHiddenTableGetsTheSameAnswerAsAMissingOneFromToolAndResource() {
            server.applySql("CREATE TABLE public.payroll (id int PRIMARY KEY, salary numeric);"
                    + " REVOKE ALL ON public.payroll FROM anon, authenticated;");
            for (String table : List.of("nope", "payroll")) {
                String expected = "table: '" + table + "' does not exist in schema 'public' or this key's role may"
                        + " not use it; read the schema://tables resource for the tables this key can use";
                McpSchema.CallToolResult result = query(anon, Map.of("table", table));
                assertThat(result.isError()).isTrue();
                assertThat(text(result)).isEqualTo(expected);
                assertThatThrownBy(() -> anon.readResource(new McpSchema.ReadResourceRequest("schema://tables/"
                        + table))).isInstanceOf(McpError.class).hasMessageContaining(expected);
            }
        }

        @Test
        void badOperatorAndBadValueNameTheArgument() {
            McpSchema.CallToolResult operator = query(service, Map.of("table", "tasks", "filter",
                    Map.of("id", "gtx.1")));
            assertThat(operator.isError()).isTrue();
            assertThat(text(operator)).contains("filter.id").contains("gtx");
            McpSchema.CallToolResult value = query(service, Map.of("table", "tasks", "filter",
                    Map.of("id", "eq.abc")));
            assertThat(value.isError()).isTrue();
            assertThat(text(value)).contains("abc");
        }

        @Test
        void limitOutsideItsRangeIsRefused() {
            McpSchema.CallToolResult result = query(service, Map.of("table", "tasks", "limit", 5000));
            assertThat(result.isError()).isTrue();
            assertThat(text(result)).contains("limit");
        }

        @Test
        void aNumberBeyondAnArgumentsRangeIsRefusedNotWrappedIntoIt() {
            // 2^64 + 5: a conversion to long keeps its low 64 bits, 5
            BigInteger beyond = BigInteger.TWO.pow(64).add(BigInteger.valueOf(5));
            assertThat(refusal(query(service, Map.of("table", "tasks", "offset", beyond))))
                    .isEqualTo("offset: must be between 0 and 2147483647, got 18446744073709551621");
        }

        @Test
        void valuesPostgresqlRefusesAreRefusalsNamingTheFilterNotInternalErrors() {
            server.applySql("""
                    CREATE DOMAIN public.seat_count AS int CHECK (VALUE > 0);
                    CREATE TABLE public.bookings (id int PRIMARY KEY, during int4range, doc jsonb,
                        seats public.seat_count);
                    INSERT INTO public.bookings VALUES (1, '[1,5)', '{"a": 1}', 2);
                    """);
            for (String[] refused : new String[][] {
                    {"during", "eq.[5,1)", "range lower bound must be less than or equal to range upper bound"},
                    {"doc", "cs.{\"a\":\"\\u0000\"}", "unsupported Unicode escape sequence"},
                    {"seats", "eq.0", "value for domain seat_count violates check constraint \"seat_count_check\""}}) {
                String text = refusal(answer(() -> query(service, Map.of("table", "bookings",
                        "filter", Map.of(refused[0], refused[1])))));
                assertThat(text).as(refused[1]).startsWith("filter." + refused[0] + ": ").contains(refused[2])
                        .endsWith("; send a value the column's type accepts (see schema://tables)");
            }
        }

        /** A value a view computes and PostgreSQL refuses is the table's own: no change of the filter would mend it. */
        @Test
        void aValueTheTableRefusesOfItsOwnIsNotBlamedOnTheFilter() {
            server.applySql("""
                    CREATE TABLE public.raw_readings (id int PRIMARY KEY, reading text);
                    INSERT INTO public.raw_readings VALUES (1, '12'), (2, 'n/a');
                    CREATE VIEW public.readings AS SELECT id, reading::int AS reading FROM public.raw_readings;
                    """);
            String own = "table: PostgreSQL could not read public.readings: invalid input syntax for type integer:"
                    + " \"n/a\"; the value is the table's own (a row's, or one a view computes), not the filter's";
            assertThat(refusal(answer(() -> query(service, Map.of("table", "readings",
                    "filter", Map.of("id", "gte.1")))))).startsWith(own);
            assertThat(refusal(answer(() -> query(service, Map.of("table", "readings"))))).startsWith(own);
            // the filter's own refused value is still the filter's, naming its column
            assertThat(refusal(answer(() -> query(service, Map.of("table", "readings",
                    "filter", Map.of("id", "gte.one")))))).startsWith("filter.id: invalid input syntax for type"
                    + " integer: \"one\"");
            assertThat(query(service, Map.of("table", "readings", "filter", Map.of("id", "eq.1"))).isError())
                    .isFalse();
        }

        @Test
        void aPatternEndingInALoneBackslashIsRefusedBeforeItReachesPostgresql() {
            // PostgreSQL refuses it only when some row has a value to match it against
            assertThat(refusal(answer(() -> query(service, Map.of("table", "tasks",
                    "filter", Map.of("title", "like.\\"))))))
                    .startsWith("filter.title: a 'like' pattern cannot end in a single backslash");
            assertThat(ids(query(service, Map.of("table", "tasks", "filter", Map.of("title", "ilike.*\\\\")))))
                    .isEmpty();
        }

        @Test
        void internalSchemasCannotBeQueried() {
            for (String table : List.of("fluxbase.key_registry", "fluxbase.domain_event_entry", "pg_catalog.pg_authid",
                    "auth.users")) {
                McpSchema.CallToolResult result = query(service, Map.of("table", table));
                assertThat(result.isError()).as(table).isTrue();
            }
        }
    }

    @Nested
    class WhatOneReadMayCost {

        @Test
        void aFilterThatWouldKeepPostgresqlBusyIsCancelledAtTheReadTimeout() {
            server.applySql("CREATE TABLE public.long_texts (id int PRIMARY KEY, body text);"
                    + " INSERT INTO public.long_texts SELECT g, repeat('a', 300000) FROM generate_series(1, 300) g;");
            // it fails only at its last character, and PostgreSQL tries it from every position of every value: about
            // a tenth of a second per row, half a minute for the table
            String pattern = "like.*" + "a".repeat(250) + "b*";
            long started = System.nanoTime();
            McpSchema.CallToolResult result = query(service, Map.of("table", "long_texts", "select", "id",
                    "filter", Map.of("body", pattern)));
            long waited = (System.nanoTime() - started) / 1_000_000;
            assertThat(text(result)).startsWith("filter: ").contains("2 s mcp.read_timeout");
            assertThat(result.isError()).isTrue();
            assertThat(waited).as("ms until the answer").isLessThan(10_000);
            // the server did not just stop waiting: PostgreSQL stopped working on it
            assertThat(server.count("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                    + " AND query LIKE '%long_texts%' AND pid <> pg_backend_pid()")).isZero();
        }

        @Test
        void aPatternLongerThanPeopleWriteIsRefusedBeforeItReachesPostgresql() {
            // PostgreSQL does not stop inside one value's match: a 150,000 character pattern against a value twice
            // as long kept a core busy for half a minute, whatever the statement timeout
            McpSchema.CallToolResult result = query(service, Map.of("table", "tasks", "filter",
                    Map.of("title", "like.*" + "a".repeat(150_000) + "b*")));
            assertThat(result.isError()).isTrue();
            assertThat(text(result)).startsWith("filter.title: a 'like' pattern may be at most 256 characters,"
                    + " got 150003").hasSizeLessThan(400);
        }

        @Test
        @SuppressWarnings("unchecked")
        void rowsBeyondTheAnswersCapAreNotSentAndARowLargerThanItIsRefused() {
            server.applySql("CREATE TABLE public.wide_rows (id int PRIMARY KEY, body text);"
                    + " INSERT INTO public.wide_rows SELECT g, repeat('w', 20000) FROM generate_series(1, 10) g;"
                    + " INSERT INTO public.wide_rows VALUES (11, repeat('h', 100000));");
            // three rows of 20 kB fit in the 64 kB cap, the fourth would not
            McpSchema.CallToolResult page = query(service, Map.of("table", "wide_rows", "order", "id",
                    "filter", Map.of("id", "lte.10")));
            assertThat(ids(page)).containsExactly(1, 2, 3);
            assertThat((Map<String, Object>) page.structuredContent()).containsEntry("truncated", true)
                    .containsEntry("next_offset", 3);
            McpSchema.CallToolResult huge = query(service, Map.of("table", "wide_rows", "filter",
                    Map.of("id", "eq.11")));
            assertThat(huge.isError()).isTrue();
            assertThat(text(huge)).startsWith("select: the row at offset 0 alone is larger than the 65536 bytes")
                    .contains("mcp.max_result_bytes");
            assertThat(ids(query(service, Map.of("table", "wide_rows", "select", "id", "filter",
                    Map.of("id", "eq.11"))))).containsExactly(11);
        }
    
        @Test
        @SuppressWarnings("unchecked")
        void aRowsHistoryHoldsItsNewestChangesThatFitTheAnswersCap() {
            server.applySql("CREATE TABLE public.drafts (id int PRIMARY KEY, body text);");
            McpSyncClient writer = server.client(server.createKey("writer", "service", "write:tables", "read:audit")
                    .secret());
            assertThat(writer.callTool(new McpSchema.CallToolRequest("insert_record", Map.of("table", "drafts",
                    "data", Map.of("id", 1, "body", "v0")))).isError()).isFalse();
            for (int i = 1; i <= 6; i++) {
                // with audit.change_values full each change keeps its 20 kB value: three fit in the 64 kB cap
                assertThat(writer.callTool(new McpSchema.CallToolRequest("update_record", Map.of("table", "drafts",
                        "data", Map.of("body", String.valueOf(i).repeat(20_000)), "filter", Map.of("id", "eq.1"))))
                        .isError()).isFalse();
            }
            TestServer.await("the row's history", () -> server.count(
                    "SELECT count(*) FROM fluxbase.row_history WHERE table_name = 'public.drafts'") == 7);

            String text = ((McpSchema.TextResourceContents) writer.readResource(
                    new McpSchema.ReadResourceRequest("history://tables/drafts/1")).contents().get(0)).text();
            Map<String, Object> history = TestServer.JSON.readValue(text, Map.class);
            List<Map<String, Object>> changes = (List<Map<String, Object>>) history.get("changes");
            assertThat(history).containsEntry("truncated", true);
            assertThat(changes).extracting(change -> ((Map<String, Object>) change.get("values")).get("body"))
                    .containsExactly("4".repeat(20_000), "5".repeat(20_000), "6".repeat(20_000));
            assertThat(text.length()).isLessThan(65_536 + 1_000);

            // a newest change larger than the cap on its own is still shown, without its values
            assertThat(writer.callTool(new McpSchema.CallToolRequest("update_record", Map.of("table", "drafts",
                    "data", Map.of("body", "7".repeat(100_000)), "filter", Map.of("id", "eq.1")))).isError())
                    .isFalse();
            TestServer.await("the row's history", () -> server.count(
                    "SELECT count(*) FROM fluxbase.row_history WHERE table_name = 'public.drafts'") == 8);
            Map<String, Object> newest = TestServer.JSON.readValue(((McpSchema.TextResourceContents) writer
                    .readResource(new McpSchema.ReadResourceRequest("history://tables/drafts/1")).contents().get(0))
                    .text(), Map.class);
            assertThat(newest).containsEntry("truncated", true);
            assertThat((List<Map<String, Object>>) newest.get("changes")).singleElement().satisfies(change -> {
                assertThat(change).containsEntry("operation", "update").containsEntry("columns", List.of("body"))
                        .containsEntry("values_left_out", true).doesNotContainKey("values");
                assertThat(change.get("call_id")).isNotNull();
            });
        }
    }
}
