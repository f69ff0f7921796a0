package io.fluxbase.mcp.tool;

import static io.fluxbase.mcp.support.ToolAnswers.answer;
import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
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
 * insert_record, update_record and delete_record through the official SDK client against a real PostgreSQL with
 * Supabase-style policies: values converted to column types, RLS on every write, refusals that name what to change,
 * and each change in the command log with its call record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteToolsIntegrationTest {

    static final String ALICE = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    TestServer server;
    McpSyncClient alice;
    McpSyncClient bob;
    McpSyncClient service;
    McpSyncClient reader;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TYPE public.mood AS ENUM ('happy', 'sad');
                CREATE TABLE public.projects (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO public.projects VALUES (1, 'alpha');
                CREATE TABLE public.notes (
                    id bigserial PRIMARY KEY,
                    user_id uuid NOT NULL DEFAULT auth.uid(),
                    title text NOT NULL CONSTRAINT title_not_blank CHECK (length(title) > 0),
                    project_id int REFERENCES public.projects (id),
                    amount numeric(10, 2),
                    due timestamptz,
                    day date,
                    meta jsonb,
                    tags text[],
                    mood public.mood,
                    done boolean NOT NULL DEFAULT false,
                    code text CONSTRAINT notes_code_key UNIQUE);
                ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "read own" ON public.notes FOR SELECT USING (auth.uid() = user_id);
                CREATE POLICY "insert own" ON public.notes FOR INSERT WITH CHECK (auth.uid() = user_id);
                CREATE POLICY "update own" ON public.notes FOR UPDATE USING (auth.uid() = user_id)
                    WITH CHECK (auth.uid() = user_id);
                CREATE POLICY "delete own" ON public.notes FOR DELETE USING (auth.uid() = user_id);
                CREATE TABLE public.points (id int PRIMARY KEY, n int, o text);
                CREATE TABLE public.lines (id int PRIMARY KEY, o text);
                CREATE TABLE public."Line ""Big"" Items" (id int PRIMARY KEY, note text);
                CREATE TABLE public.orders (id int PRIMARY KEY,
                    project_id int REFERENCES public.projects (id) DEFERRABLE INITIALLY DEFERRED);
                CREATE TABLE public.order_trail (trail_id bigserial PRIMARY KEY, order_id int NOT NULL,
                    by_role text NOT NULL DEFAULT current_user);
                GRANT SELECT, INSERT ON public.orders TO service_role;
                GRANT INSERT ON public.order_trail TO service_role;
                GRANT USAGE ON SEQUENCE public.order_trail_trail_id_seq TO service_role;
                CREATE FUNCTION public.trail_order() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO public.order_trail (order_id) VALUES (NEW.id);
                    RETURN NULL;
                END $$;
                CREATE TABLE public.cast_trail (label text);
                GRANT INSERT ON public.cast_trail TO PUBLIC;
                CREATE FUNCTION public.noisy_check(label text) RETURNS boolean LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO public.cast_trail VALUES (label);
                    RETURN true;
                END $$;
                CREATE DOMAIN public.noisy_text AS text CHECK (public.noisy_check(VALUE));
                CREATE TABLE public.gauges (id int PRIMARY KEY, label public.noisy_text, reading int);
                GRANT INSERT ON public.gauges TO service_role;
                CREATE CONSTRAINT TRIGGER trail_order AFTER INSERT ON public.orders DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION public.trail_order();
                CREATE TABLE public.relays (id int PRIMARY KEY);
                CREATE TABLE public.relay_trail (id int PRIMARY KEY);
                CREATE TABLE public.relay_late (id int PRIMARY KEY);
                GRANT INSERT ON public.relays, public.relay_trail TO service_role;
                GRANT INSERT ON public.relay_late TO PUBLIC;
                CREATE FUNCTION public.relay_again() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    SET CONSTRAINTS ALL DEFERRED;
                    INSERT INTO public.relay_trail VALUES (NEW.id);
                    RETURN NULL;
                END $$;
                CREATE FUNCTION public.relay_late() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO public.relay_late VALUES (NEW.id);
                    RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER relay_again AFTER INSERT ON public.relays DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION public.relay_again();
                CREATE CONSTRAINT TRIGGER relay_late AFTER INSERT ON public.relay_trail
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.relay_late();
                """);
        String[] scopes = {"read:tables", "write:tables", "read:audit"};
        alice = server.client(server.createKey(Map.of("name", "alice", "type", "anon", "scopes", List.of(scopes),
                "user_id", ALICE)).secret());
        bob = server.client(server.createKey(Map.of("name", "bob", "type", "anon", "scopes", List.of(scopes),
                "user_id", BOB)).secret());
        service = server.client(server.createKey("service", "service", scopes).secret());
        reader = server.client(server.createKey("reader", "service", "read:tables").secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(McpSchema.CallToolResult result) {
        return (List<Map<String, Object>>) ok(result).get("rows");
    }

    long insertNote(McpSyncClient client, String title) {
        Map<String, Object> row = rows(call(client, "insert_record", Map.of("table", "notes",
                "data", Map.of("title", title), "returning", List.of("id")))).get(0);
        return ((Number) row.get("id")).longValue();
    }

    long notes(String where) {
        return server.count("SELECT count(*) FROM public.notes WHERE " + where);
    }

    @Nested
    class Inserting {

        @Test
        void convertsJsonValuesToTheColumnTypes() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("title", "typed");
            data.put("project_id", 1);
            data.put("amount", 12.5);
            data.put("due", "2026-12-01T10:00:00Z");
            data.put("day", "2026-12-24");
            data.put("meta", Map.of("colors", List.of("red", "green"), "n", 3));
            data.put("tags", List.of("a", "b \"quoted\"", "back\\slash"));
            data.put("mood", "happy");
            data.put("done", true);
            Map<String, Object> row = rows(call(alice, "insert_record", Map.of("table", "notes", "data", data,
                    "returning", "*"))).get(0);
            assertThat(row).containsEntry("user_id", ALICE).containsEntry("title", "typed")
                    .containsEntry("project_id", 1).containsEntry("day", "2026-12-24").containsEntry("mood", "happy")
                    .containsEntry("done", true)
                    .containsEntry("meta", Map.of("colors", List.of("red", "green"), "n", 3))
                    .containsEntry("tags", List.of("a", "b \"quoted\"", "back\\slash"));
            assertThat(((Number) row.get("amount")).doubleValue()).isEqualTo(12.5);
            assertThat((String) row.get("due")).startsWith("2026-12-01T10:00:00");
        }

        @Test
        void insertsManyRowsInOneCallAndReturnsOnlyTheAskedColumns() {
            List<Map<String, Object>> data = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                data.add(Map.of("title", "bulk " + i, "code", "bulk-" + i));
            }
            McpSchema.CallToolResult result = call(alice, "insert_record", Map.of("table", "notes", "data", data,
                    "returning", List.of("code")));
            assertThat(ok(result)).containsEntry("count", 25);
            assertThat(rows(result)).hasSize(25).allSatisfy(row -> assertThat(row).containsOnlyKeys("code"));
            assertThat(notes("code LIKE 'bulk-%'")).isEqualTo(25);
        }

        @Test
        void refusesMoreThanAThousandRowsAndWritesNothing() {
            List<Map<String, Object>> data = new ArrayList<>();
            for (int i = 0; i < 1001; i++) {
                data.add(Map.of("title", "too many " + i));
            }
            String message = refusal(call(service, "insert_record", Map.of("table", "notes", "data", data)));
            assertThat(message).contains("data").contains("1000");
            assertThat(notes("title LIKE 'too many%'")).isZero();
        }

        @Test
        void aValueThatDoesNotFitNamesTheColumnAndType() {
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "x", "amount", "lots")))))
                    .contains("data.amount").contains("numeric");
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "x", "mood", "angry")))))
                    .contains("data.mood").contains("mood");
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "x", "tags", Map.of("not", "an array"))))))
                    .contains("data.tags").contains("text[]");
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "x", "nope", 1)))))
                    .contains("nope").contains("title");
        }

        /**
         * Telling which value was invalid casts each again after the refused write: a type's own code (a domain's
         * check calling a function that writes) must not get to write there, outside any call's transaction.
         */
        @Test
        void tellingWhichValueWasInvalidRunsNoWriteOfTheProjectsCode() {
            Map<String, Object> data = new LinkedHashMap<>(); // the label is cast again before the reading
            data.put("id", 1);
            data.put("label", "kept?");
            data.put("reading", "high");
            assertThat(refusal(call(service, "insert_record", Map.of("table", "gauges", "data", data))))
                    .as("the label's cast fails in a read-only transaction; the next value is still cast")
                    .startsWith("data.reading: ").contains("integer");
            assertThat(server.count("SELECT count(*) FROM public.cast_trail")).as("rows the domain's check wrote")
                    .isZero();
            assertThat(server.count("SELECT count(*) FROM public.gauges")).isZero();
        }

        @Test
        void constraintViolationsNameTheConstraintAndWhatToChange() {
            call(alice, "insert_record", Map.of("table", "notes", "data", Map.of("title", "first", "code", "dup")));
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "second", "code", "dup")))))
                    .contains("public.notes").contains("notes_code_key").contains("already exists");
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "orphan", "project_id", 99)))))
                    .contains("foreign key").contains("notes_project_id_fkey");
            Map<String, Object> nullTitle = new LinkedHashMap<>();
            nullTitle.put("title", null);
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "notes", "data", nullTitle))))
                    .contains("'title'").contains("may not be null");
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "")))))
                    .contains("title_not_blank");
            assertThat(notes("title IN ('second', 'orphan', '')")).isZero();
        }

        @Test
        void concurrentWritesEachGetTheirOwnOutcome() throws Exception {
            call(service, "insert_record", Map.of("table", "notes", "data", Map.of("title", "taken", "code",
                    "taken", "user_id", ALICE)));
            List<McpSyncClient> clients = List.of(alice, bob, service);
            List<java.util.concurrent.Future<McpSchema.CallToolResult>> answers = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 24; i++) {
                    McpSyncClient client = clients.get(i % 3);
                    String code = i % 4 == 0 ? "taken" : "concurrent-" + i;
                    Map<String, Object> data = client == service
                            ? Map.of("title", "c" + i, "code", code, "user_id", BOB) : Map.of("title", "c" + i, "code", code);
                    answers.add(pool.submit(() -> call(client, "insert_record", Map.of("table", "notes", "data", data,
                            "returning", List.of("code")))));
                }
            }
            for (int i = 0; i < 24; i++) {
                McpSchema.CallToolResult result = answers.get(i).get();
                if (i % 4 == 0) {
                    assertThat(refusal(result)).as("call %d", i).contains("notes_code_key");
                } else {
                    assertThat(rows(result)).as("call %d", i).containsExactly(Map.of("code", "concurrent-" + i));
                }
            }
            assertThat(notes("code LIKE 'concurrent-%'")).isEqualTo(18);
            assertThat(notes("code = 'taken'")).isEqualTo(1);
        }

        @Test
        void anUnknownTableIsRefused() {
            assertThat(refusal(call(alice, "insert_record", Map.of("table", "nowhere",
                    "data", Map.of("title", "x"))))).isEqualTo("table: 'nowhere' does not exist in schema 'public' or"
                    + " this key's role may not use it; read the schema://tables resource for the tables this key can"
                    + " use");
        }
    }

    @Nested
    class RowLevelSecurity {

        @Test
        void aUserBoundKeyCannotInsertARowOwnedByAnotherUser() {
            String message = refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "planted", "user_id", BOB))));
            // a key that may not read the schema learns the policies' names, not what they check
            assertThat(message).contains("row-level security").contains("public.notes")
                    .contains("\"insert own\" (INSERT)").doesNotContain("auth.uid()");
            assertThat(notes("title = 'planted'")).isZero();
        }

        @Test
        void aKeyThatMayReadTheSchemaSeesWhatThePoliciesCheck() {
            McpSyncClient schemaReader = server.client(server.createKey(Map.of("name", "alice-schema", "type", "anon",
                    "scopes", List.of("write:tables", "read:schema"), "user_id", ALICE)).secret());
            String message = refusal(call(schemaReader, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "planted", "user_id", BOB))));
            assertThat(message).contains("\"insert own\" (INSERT WITH CHECK (auth.uid() = user_id))");
            assertThat(notes("title = 'planted'")).isZero();
        }

        @Test
        void aUserBoundKeyCannotUpdateOrDeleteAnotherUsersRowsNorReadThemBack() {
            long bobs = insertNote(bob, "bob's note");
            McpSchema.CallToolResult update = call(alice, "update_record", Map.of("table", "notes",
                    "data", Map.of("title", "hijacked"), "filter", Map.of("id", "eq." + bobs), "returning", "*"));
            assertThat(ok(update)).containsEntry("count", 0);
            assertThat(rows(update)).isEmpty();
            assertThat((String) ok(update).get("message")).contains("0 rows matched");
            McpSchema.CallToolResult delete = call(alice, "delete_record", Map.of("table", "notes",
                    "filter", Map.of("id", "eq." + bobs), "returning", "*"));
            assertThat(ok(delete)).containsEntry("count", 0);
            assertThat(notes("id = " + bobs + " AND title = 'bob''s note'")).isEqualTo(1);
        }

        @Test
        void aUserBoundKeyCannotHandItsRowToAnotherUser() {
            long own = insertNote(alice, "mine");
            assertThat(refusal(call(alice, "update_record", Map.of("table", "notes",
                    "data", Map.of("user_id", BOB), "filter", Map.of("id", "eq." + own)))))
                    .contains("row-level security");
            assertThat(notes("id = " + own + " AND user_id = '" + ALICE + "'")).isEqualTo(1);
        }

        @Test
        void aServiceKeyWritesEveryonesRows() {
            long bobs = insertNote(bob, "bob's draft");
            Map<String, Object> updated = rows(call(service, "update_record", Map.of("table", "notes",
                    "data", Map.of("title", "edited by service"), "filter", Map.of("id", "eq." + bobs),
                    "returning", List.of("id", "title", "user_id")))).get(0);
            assertThat(updated).containsEntry("title", "edited by service").containsEntry("user_id", BOB);
            assertThat(ok(call(service, "delete_record", Map.of("table", "notes",
                    "filter", Map.of("id", "eq." + bobs))))).containsEntry("count", 1);
            assertThat(notes("id = " + bobs)).isZero();
        }
    }

    @Nested
    class UpdatingAndDeleting {

        @Test
        void columnsNamedLikeTheCapturesOwnAliasesAreWrittenAndCaptured() {
            rows(call(service, "insert_record", Map.of("table", "points", "data", Map.of("id", 1, "n", 7, "o", "x"))));
            assertThat(ok(call(service, "update_record", Map.of("table", "points", "data", Map.of("n", 8),
                    "filter", Map.of("id", "eq.1"))))).containsEntry("count", 1);
            assertThat(ok(call(service, "delete_record", Map.of("table", "points",
                    "filter", Map.of("id", "eq.1"))))).containsEntry("count", 1);
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type ~"
                    + " 'Records(Inserted|Updated|Deleted)Event$' AND convert_from(payload, 'UTF8') LIKE '%points%'"))
                    .isEqualTo(3);
        }

        @Test
        void aTableWhoseNameNeedsQuotesIsWrittenAndItsChangesAreRecordedUnderThatName() {
            // the way a caller names it, the way SQL names it, and the way the server displays it
            String table = "public.\"Line \"\"Big\"\" Items\"";
            rows(call(service, "insert_record", Map.of("table", table, "data", Map.of("id", 1, "note", "x"))));
            assertThat(ok(call(service, "update_record", Map.of("table", table, "data", Map.of("note", "y"),
                    "filter", Map.of("id", "eq.1"))))).containsEntry("count", 1);
            assertThat(server.count("SELECT count(*) FROM " + table + " WHERE note = 'y'")).isEqualTo(1);
            TestServer.await("the row history", () -> server.count(
                    "SELECT count(*) FROM fluxbase.row_history WHERE table_name = ? AND row_key = '1'", table) == 2);
        }

        @Test
        void updateChangesOnlyTheMatchedRowsAndSaysHowMany() {
            long one = insertNote(alice, "u1");
            long two = insertNote(alice, "u2");
            McpSchema.CallToolResult result = call(alice, "update_record", Map.of("table", "notes",
                    "data", Map.of("done", true, "amount", "7.25"), "filter", Map.of("id", "eq." + one),
                    "returning", List.of("id", "done", "amount")));
            assertThat(ok(result)).containsEntry("count", 1);
            assertThat(rows(result).get(0)).containsEntry("done", true);
            assertThat(notes("id = " + one + " AND done AND amount = 7.25")).isEqualTo(1);
            assertThat(notes("id = " + two + " AND NOT done")).isEqualTo(1);
        }

        @Test
        void aMissingOrEmptyFilterIsRefusedAndNothingChanges() {
            insertNote(alice, "keep me");
            long before = notes("true");
            assertThat(refusal(call(alice, "update_record", Map.of("table", "notes",
                    "data", Map.of("title", "all"))))).contains("filter").contains("required");
            assertThat(refusal(call(alice, "delete_record", Map.of("table", "notes", "filter", Map.of()))))
                    .contains("filter").contains("required");
            assertThat(refusal(call(alice, "delete_record", Map.of("table", "notes",
                    "filter", Map.of("title", "like.*"))))).contains("filter").contains("every row");
            assertThat(refusal(call(alice, "delete_record", Map.of("table", "notes",
                    "filter", Map.of("id", "not.is.null"))))).contains("every row");
            assertThat(notes("true")).isEqualTo(before);
            assertThat(notes("title = 'all'")).isZero();
        }

        @Test
        void rowsAskedBackBeyondTheAnswersCapRefuseTheWriteAndChangeNothing() {
            List<Map<String, Object>> data = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                data.add(Map.of("id", 100_000 + i, "o", "short")); // ids no note has, for ChangeLog's count
            }
            assertThat(ok(call(service, "insert_record", Map.of("table", "lines", "data", data))))
                    .containsEntry("count", 600);
            // 600 rows of over 1,000 bytes asked back: more than mcp.max_result_bytes (512 KiB)
            Map<String, Object> widen = Map.of("table", "lines", "data", Map.of("o", "w".repeat(1000)),
                    "filter", Map.of("id", "gte.100000"));
            McpSchema.CallToolResult refused = call(service, "update_record", with(widen, "returning", List.of("o")));
            assertThat(refusal(refused)).startsWith("returning:").contains("larger than 524288 bytes")
                    .contains("nothing was changed");
            assertThat(server.count("SELECT count(*) FROM public.lines WHERE o = 'short'"))
                    .isEqualTo(600);
            TestServer.await("the refusal's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE target = 'update_record' AND error_code = 'answer_too_large'") == 1);
            // the same write, asking back less, is done
            assertThat(ok(call(service, "update_record", with(widen, "returning", List.of("id")))))
                    .containsEntry("count", 600);
            assertThat(server.count("SELECT count(*) FROM public.lines WHERE length(o) = 1000"))
                    .isEqualTo(600);
        }

        @Test
        void aWriteWhoseChangesWouldFillTheServersMemoryIsRefusedAndChangesNothing() {
            server.applySql("CREATE TABLE public.bulky (id int PRIMARY KEY, title text, body text);"
                    + " INSERT INTO public.bulky SELECT g, 'before', repeat('b', 1000000) FROM generate_series(1, 40) g;");
            // a one-word change, but the log records each row's old and new values: 80 MB for these 40 rows
            McpSchema.CallToolResult refused = call(service, "update_record", Map.of("table", "bulky",
                    "data", Map.of("title", "after"), "filter", Map.of("id", "gt.0")));
            assertThat(refusal(refused)).startsWith("filter: the write changes ")
                    .contains("more than the 33554432 one write may record").contains("nothing was changed");
            assertThat(server.count("SELECT count(*) FROM public.bulky WHERE title = 'after'")).isZero();
            // fewer rows at a time go through
            assertThat(ok(call(service, "update_record", Map.of("table", "bulky", "data", Map.of("title", "after"),
                    "filter", Map.of("id", "lte.10"))))).containsEntry("count", 10);
        }

        static Map<String, Object> with(Map<String, Object> arguments, String name, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(arguments);
            more.put(name, value);
            return more;
        }

        @Test
        void aValuePostgresqlRefusesIsNamedWhereverTheCallerGaveIt() {
            server.applySql("""
                    CREATE DOMAIN public.seat_count AS int CHECK (VALUE > 0);
                    CREATE TABLE public.bookings (id int PRIMARY KEY, during int4range, doc jsonb,
                        seats public.seat_count, note text);
                    INSERT INTO public.bookings VALUES (1, '[1,5)', '{"a": 1}', 2, 'kept');
                    """);
            String[][] refused = {
                    {"during", "[5,1)", "range lower bound must be less than or equal to range upper bound"},
                    {"doc", "{\"a\":\"\\u0000\"}", "unsupported Unicode escape sequence"},
                    {"seats", "0", "value for domain seat_count violates check constraint \"seat_count_check\""}};
            for (String[] value : refused) {
                String operator = value[0].equals("doc") ? "cs." : "eq.";
                for (String tool : List.of("update_record", "delete_record")) {
                    Map<String, Object> arguments = new LinkedHashMap<>(Map.of("table", "bookings",
                            "filter", Map.of(value[0], operator + value[1])));
                    if (tool.equals("update_record")) {
                        arguments.put("data", Map.of("note", "changed"));
                    }
                    assertThat(refusal(answer(() -> call(service, tool, arguments)))).as(tool + " " + value[0])
                            .startsWith("filter." + value[0] + ": ").contains(value[2]);
                }
                if (!value[0].equals("doc")) {
                    // (a jsonb value is written as JSON text, so data cannot send that escape)
                    assertThat(refusal(answer(() -> call(service, "insert_record", Map.of("table", "bookings",
                            "data", Map.of("id", 2, value[0], value[1])))))).as("insert " + value[0])
                            .startsWith("data." + value[0] + ": ").contains(value[2]);
                }
            }
            assertThat(server.count("SELECT count(*) FROM public.bookings WHERE note = 'kept'")).isEqualTo(1);
        }

        @Test
        void deleteReturnsTheRemovedRows() {
            long id = insertNote(alice, "to delete");
            McpSchema.CallToolResult result = call(alice, "delete_record", Map.of("table", "notes",
                    "filter", Map.of("id", "eq." + id), "returning", List.of("title")));
            assertThat(rows(result)).containsExactly(Map.of("title", "to delete"));
            assertThat(notes("id = " + id)).isZero();
        }
    }

    @Nested
    class ScopesAndInjection {

        @Test
        void aKeyWithoutWriteTablesSeesNoWriteToolsAndIsRefused() {
            assertThat(reader.listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("query_table").doesNotContain("insert_record", "update_record", "delete_record");
            assertThat(refusal(call(reader, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "sneaky"))))).contains("write:tables");
            assertThat(notes("title = 'sneaky'")).isZero();
        }

        @Test
        void hostileNamesAndValuesAreRefusedOrStoredAsData() {
            long before = notes("true");
            String drop = "x\"; DROP TABLE public.notes; --";
            List<Map<String, Object>> attempts = List.of(
                    Map.of("table", "notes; DROP TABLE public.notes", "data", Map.of("title", "t")),
                    Map.of("table", "notes", "data", Map.of(drop, "t")),
                    Map.of("table", "notes", "data", Map.of("title", "t"), "returning", List.of(drop)),
                    Map.of("table", "notes", "data", Map.of("title", "t"), "returning", "id) ; DROP TABLE x; --"));
            for (Map<String, Object> attempt : attempts) {
                assertThat(call(service, "insert_record", attempt).isError()).as(attempt.toString()).isTrue();
            }
            assertThat(call(service, "update_record", Map.of("table", "notes", "data", Map.of("title", "t"),
                    "filter", Map.of(drop, "eq.1"))).isError()).isTrue();
            assertThat(call(service, "delete_record", Map.of("table", "notes",
                    "filter", Map.of("id", "eq.1; DELETE FROM public.notes"))).isError()).isTrue();
            assertThat(notes("true")).isEqualTo(before);

            String payload = "'); DELETE FROM public.notes; --";
            long id = insertNote(alice, payload);
            assertThat(notes("id = " + id + " AND title = '''); DELETE FROM public.notes; --'")).isEqualTo(1);
            assertThat(notes("true")).isEqualTo(before + 1);
        }
    }

    @Nested
    class ChangeLog {

        @Test
        @SuppressWarnings("unchecked")
        void eachWriteIsOneChangeEventAndOneCallRecordAndTheRowHistoryShowsThem() {
            long id = insertNote(alice, "tracked");
            ok(call(alice, "update_record", Map.of("table", "notes", "data", Map.of("done", true),
                    "filter", Map.of("id", "eq." + id))));
            ok(call(alice, "delete_record", Map.of("table", "notes", "filter", Map.of("id", "eq." + id))));

            String events = """
                    SELECT e.payload_type, p ->> 'callId' AS call_id FROM fluxbase.domain_event_entry e,
                         LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS p) j
                    WHERE e.payload_type LIKE '%Records%Event' AND EXISTS (
                        SELECT 1 FROM jsonb_array_elements(p -> 'rows') r WHERE (r ->> 'key')::jsonb ->> 'id' = ?)""";
            for (String type : List.of("RecordsInsertedEvent", "RecordsUpdatedEvent", "RecordsDeletedEvent")) {
                assertThat(server.count("SELECT count(*) FROM (" + events + ") c WHERE payload_type LIKE ?",
                        String.valueOf(id), "%." + type)).as(type).isEqualTo(1);
            }
            // each change event and exactly one call record name the same call
            assertThat(server.count("SELECT count(*) FROM (" + events + ") c JOIN fluxbase.domain_event_entry r"
                    + " ON convert_from(r.payload, 'UTF8')::jsonb -> 'record' ->> 'callId' = c.call_id"
                    + " WHERE r.payload_type LIKE '%CallRecordedEvent'", String.valueOf(id))).isEqualTo(3);

            TestServer.await("the row history", () -> server.count(
                    "SELECT count(*) FROM fluxbase.row_history WHERE table_name = 'public.notes' AND row_key = ?",
                    String.valueOf(id)) == 3);
            TestServer.await("the audit log", () -> server.count(
                    "SELECT count(*) FROM fluxbase.audit_log a JOIN fluxbase.row_history h USING (call_id)"
                            + " WHERE h.table_name = 'public.notes' AND h.row_key = ?", String.valueOf(id)) == 3);
            // the row is gone, so only a key that bypasses row-level security still sees its history
            McpSchema.ReadResourceResult read = service.readResource(
                    new McpSchema.ReadResourceRequest("history://tables/notes/" + id));
            Map<String, Object> history = TestServer.JSON.readValue(
                    ((McpSchema.TextResourceContents) read.contents().get(0)).text(), Map.class);
            List<Map<String, Object>> changes = (List<Map<String, Object>>) history.get("changes");
            assertThat(changes).extracting(change -> change.get("operation"))
                    .containsExactly("insert", "update", "delete");
            assertThat(changes).allSatisfy(change -> assertThat(change).containsEntry("key_name", "alice")
                    .containsKey("call_id").containsKey("time"));
            assertThat(changes).extracting(change -> change.get("tool"))
                    .containsExactly("insert_record", "update_record", "delete_record");
            assertThat(changes.get(1).get("columns")).isEqualTo(List.of("done"));
        }

        @Test
        @SuppressWarnings("unchecked")
        void theAdminApiListsTheRowsACallWroteUpToItsLimitAndSaysWhenItWroteMore() {
            ok(call(service, "insert_record", Map.of("table", "lines", "data", List.of(Map.of("id", 701),
                    Map.of("id", 702), Map.of("id", 703), Map.of("id", 704), Map.of("id", 705)))));
            TestServer.await("the row history", () -> server.count("SELECT count(*) FROM fluxbase.row_history"
                    + " WHERE table_name = 'public.lines' AND row_key IN ('701', '705')") == 2);
            String callId = String.valueOf(server.rows("SELECT call_id FROM fluxbase.row_history"
                    + " WHERE table_name = 'public.lines' AND row_key = '701'").get(0).get("call_id"));
            String changes = "/admin/v1/logs/" + callId + "/changes";

            Map<String, Object> all = server.admin("GET", changes, null, 200);
            assertThat((List<Map<String, Object>>) all.get("changes")).extracting(change -> change.get("row_key"))
                    .containsExactly("701", "702", "703", "704", "705");
            assertThat(all).containsEntry("truncated", false);

            Map<String, Object> first = server.admin("GET", changes + "?limit=3", null, 200);
            assertThat((List<Map<String, Object>>) first.get("changes")).extracting(change -> change.get("row_key"))
                    .containsExactly("701", "702", "703");
            assertThat(first).containsEntry("truncated", true);
            assertThat(server.admin("GET", changes + "?limit=5", null, 200)).containsEntry("truncated", false);

            assertThat(server.admin("GET", changes + "?limit=10001", null, 400).toString())
                    .contains("limit: expected a whole number from 1 to 10000");
        }

        @Test
        void aKeyWithoutReadAuditCannotReadHistory() {
            assertThat(reader.listResourceTemplates().resourceTemplates())
                    .extracting(McpSchema.ResourceTemplate::uriTemplate).doesNotContain("history://tables/{table}/{id}");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.readResource(
                    new McpSchema.ReadResourceRequest("history://tables/notes/1")))
                    .hasMessageContaining("read:audit");
        }

        /** Deferred work runs with the write's statements, under its key's role, not at COMMIT as the bare login. */
        @Test
        void rowsADeferredTriggerWritesAreRecordedUnderTheCallAndADeferredKeyIsTheCallersRefusal() {
            ok(call(service, "insert_record", Map.of("table", "orders", "data", Map.of("id", 901, "project_id", 1))));
            assertThat(server.rows("SELECT by_role FROM public.order_trail WHERE order_id = 901"))
                    .extracting(row -> row.get("by_role")).containsExactly("service_role");
            String byCall = "SELECT count(*) FROM fluxbase.domain_event_entry e WHERE e.payload_type LIKE"
                    + " '%RecordsInsertedEvent' AND convert_from(e.payload, 'UTF8')::jsonb ->> 'table' = ?"
                    + " AND convert_from(e.payload, 'UTF8')::jsonb ->> 'callId' = (SELECT convert_from(o.payload,"
                    + " 'UTF8')::jsonb ->> 'callId' FROM fluxbase.domain_event_entry o WHERE o.payload_type LIKE"
                    + " '%RecordsInsertedEvent' AND convert_from(o.payload, 'UTF8')::jsonb ->> 'table'"
                    + " = 'public.orders')";
            assertThat(server.count(byCall, "public.order_trail")).as("the trigger's row, under the order's call")
                    .isOne();
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).as("captured rows left").isZero();

            assertThat(refusal(call(service, "insert_record", Map.of("table", "orders",
                    "data", Map.of("id", 902, "project_id", 999))))).contains("foreign key 'orders_project_id_fkey'");
            assertThat(server.count("SELECT count(*) FROM public.orders WHERE id = 902")).isZero();
            assertThat(server.count("SELECT count(*) FROM public.order_trail WHERE order_id = 902")).isZero();
        }

        /**
         * Deferred work that defers itself again would run at COMMIT, after the write's changes were taken: its rows
         * could not be recorded, so the write is refused whole.
         */
        @Test
        void aTriggerThatDefersItsWorkAgainPastTheWritesStatementsIsRefusedAndNothingIsKept() {
            assertThat(refusal(call(service, "insert_record", Map.of("table", "relays", "data", Map.of("id", 1)))))
                    .startsWith("table: public.relay_late was changed after the write's statements were done")
                    .contains("nothing was changed", "SET CONSTRAINTS");
            for (String table : List.of("relays", "relay_trail", "relay_late")) {
                assertThat(server.count("SELECT count(*) FROM public." + table)).as(table).isZero();
            }
            assertThat(server.count("SELECT count(*) FROM fluxbase.change_capture")).as("captured rows left").isZero();
        }

        @Test
        void aRefusedWriteLeavesItsCallRecordAndNoChangeEvent() {
            long events = server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%Records%Event'");
            refusal(call(alice, "insert_record", Map.of("table", "notes",
                    "data", Map.of("title", "refused", "user_id", BOB))));
            assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                    + " '%Records%Event'")).isEqualTo(events);
            TestServer.await("the refusal's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                    + " WHERE target = 'insert_record' AND outcome = 'denied' AND error_code = 'rls_violation'") >= 1);
        }
    }
}
